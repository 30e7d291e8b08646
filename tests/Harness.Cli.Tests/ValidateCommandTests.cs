using System.Text.RegularExpressions;

namespace Harness.Cli.Tests;

/// <summary>
/// <c>harness validate</c> on every file of Data/MalformedScenarios (one realistic mistake each, whose first line says
/// where the error must be reported and what it must say), and on valid, mixed and missing inputs.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public partial class ValidateCommandTests
{
    private const int MinimumMalformedFiles = 30;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static string MalformedFolder => Path.Combine(AppContext.BaseDirectory, "Data", "MalformedScenarios");

    /// <summary>Every file in the output's Data/MalformedScenarios, found at run time: a new file is a new case.</summary>
    public static IEnumerable<TestCaseData> MalformedFiles() =>
        Directory.EnumerateFiles(MalformedFolder)
            .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(file => new TestCaseData(file).SetArgDisplayNames(Path.GetFileName(file)));

    [Test]
    public void There_are_enough_malformed_scenarios()
    {
        MalformedFiles().Should().HaveCountGreaterThanOrEqualTo(MinimumMalformedFiles);
    }

    [TestCaseSource(nameof(MalformedFiles))]
    public async Task A_malformed_scenario_is_one_error_line_at_the_mistake_and_exit_code_2(string file)
    {
        var expectation = ExpectedError().Match(File.ReadLines(file).FirstOrDefault() ?? string.Empty);
        expectation.Success.Should().BeTrue($"the first line of {Path.GetFileName(file)} must be '# expect-error: LINE:COLUMN: text'");

        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "validate", file);

        exitCode.Should().Be(2, error);
        var line = SingleLine(error);
        line.Should().StartWith($"{file}:{expectation.Groups["position"].Value}: ")
            .And.Contain(expectation.Groups["text"].Value)
            .And.NotContain("   at ")
            .And.NotContain("Exception");
    }

    [Test]
    public async Task A_valid_scenario_is_reported_ok_with_its_summary()
    {
        var folder = Directory.CreateTempSubdirectory("harness-validate-");
        try
        {
            var file = Write(folder, "drop-third.yaml", "drop-third-message");

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "validate", file);

            exitCode.Should().Be(0, error);
            error.Should().BeEmpty();
            Lines(output).Should().Equal(
                $"ok  drop-third-message  ({file}): 1 session x 10 request-reply, 1 fault rule, expect holds",
                "1 scenario(s) valid");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_folder_with_invalid_files_reports_each_of_them_on_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("harness-validate-");
        try
        {
            Write(folder, "a.yaml", "first");
            var badAction = Write(folder, "b.yaml", "second", action: "dorp");
            Write(folder, "c.yml", "third");
            var badName = Write(folder, "d.yaml", "Fourth One");
            File.WriteAllText(Path.Combine(folder.FullName, "notes.txt"), "not a scenario");

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "validate", folder.FullName);

            exitCode.Should().Be(2);
            var errors = Lines(error);
            errors.Should().HaveCount(2, error);
            errors[0].Should().StartWith(badAction + ":7:13: unknown action 'dorp'");
            errors[1].Should().StartWith(badName + ":1:7: 'name' must be lower-case");
            Lines(output).Should().Equal(
                $"ok  first  ({Path.Combine(folder.FullName, "a.yaml")}): 1 session x 10 request-reply, 1 fault rule, expect holds",
                $"ok  third  ({Path.Combine(folder.FullName, "c.yml")}): 1 session x 10 request-reply, 1 fault rule, expect holds",
                "2 scenario(s) valid, 2 error(s)");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task The_same_name_in_two_arguments_is_an_error_naming_both_files()
    {
        var first = Directory.CreateTempSubdirectory("harness-validate-");
        var second = Directory.CreateTempSubdirectory("harness-validate-");
        try
        {
            var original = Write(first, "drop.yaml", "drop-third-message");
            var copy = Write(second, "drop-again.yaml", "drop-third-message");

            var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "validate", original, Path.Combine(second.FullName, "*.yaml"));

            exitCode.Should().Be(2);
            SingleLine(error).Should().Be($"{copy}:1:7: duplicate scenario name 'drop-third-message', also used by {original}");
        }
        finally
        {
            first.Delete(recursive: true);
            second.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_file_given_twice_is_read_once()
    {
        var folder = Directory.CreateTempSubdirectory("harness-validate-");
        try
        {
            var file = Write(folder, "drop.yaml", "drop-third-message");

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "validate", file, folder.FullName);

            exitCode.Should().Be(0, error);
            Lines(output).Should().HaveCount(2).And.EndWith("1 scenario(s) valid");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // Too big to keep in Data/MalformedScenarios: 100 KB of '[' used to overflow the stack and print 40,000 lines.
    [TestCase("[", "]", "8:70")]
    [TestCase("{a: ", "}", "8:259")]
    public async Task Hundred_kilobytes_of_nesting_is_one_error_line_and_exit_code_2(string open, string close, string position)
    {
        var folder = Directory.CreateTempSubdirectory("harness-validate-");
        try
        {
            var levels = 100_000 / open.Length;
            var file = Write(folder, "deep.yaml", "deep", extra: "seed: " + string.Concat(Enumerable.Repeat(open, levels)) + string.Concat(Enumerable.Repeat(close, levels)));

            var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "validate", file);

            exitCode.Should().Be(2, error);
            SingleLine(error).Should().Be($"{file}:{position}: nesting deeper than 64 levels");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_missing_file_is_one_error_line_and_exit_code_2()
    {
        var missing = Path.Combine(Path.GetTempPath(), "harness-validate-" + Guid.NewGuid().ToString("N"), "missing.yaml");

        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "validate", missing);

        exitCode.Should().Be(2);
        SingleLine(error).Should().Be($"{missing}: file not found");
    }

    [Test]
    public async Task A_glob_matching_nothing_is_one_error_line_and_exit_code_2()
    {
        var folder = Directory.CreateTempSubdirectory("harness-validate-");
        try
        {
            var glob = Path.Combine(folder.FullName, "drop-*.yaml");

            var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "validate", glob);

            exitCode.Should().Be(2);
            SingleLine(error).Should().Be($"{glob}: no scenario files (*.yaml, *.yml) match");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Validate_without_a_path_is_a_usage_error()
    {
        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "validate");

        exitCode.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().StartWith("harness validate: ").And.NotContain("   at ");
    }

    /// <summary>A scenario with one fault rule whose action is <paramref name="action"/> (line 7, column 13).</summary>
    internal static string Write(DirectoryInfo folder, string fileName, string name, string action = "drop", string extra = "")
    {
        var path = Path.Combine(folder.FullName, fileName);
        File.WriteAllText(
            path,
            $$"""
            name: {{name}}
            description: Dropping message 3 once is repaired by one retransmission. Written by a test.
            seed: 42
            faults:
              - name: drop message 3 once
                match: {kind: application, messages: 3, attempt: first}
                action: {{action}}
            {{extra}}
            """);
        return path;
    }

    /// <summary>The output's lines, without the empty one after the last line break.</summary>
    internal static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') is { Length: > 0 } trimmed ? trimmed.Split('\n') : [];

    /// <summary>The only line of <paramref name="text"/>, which must be exactly one non-empty line.</summary>
    internal static string SingleLine(string text)
    {
        var lines = Lines(text);
        lines.Should().ContainSingle($"exactly one error line is expected, got:\n{text}");
        lines[0].Should().NotBeNullOrWhiteSpace();
        return lines[0];
    }

    [GeneratedRegex(@"^# expect-error: (?<position>\d+:\d+): (?<text>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectedError();
}

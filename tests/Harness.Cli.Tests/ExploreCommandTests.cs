using System.Text.Json;

namespace Harness.Cli.Tests;

/// <summary><c>harness explore</c> as a user runs it: its help, its usage errors, and a small exploration that resumes.</summary>
[NonParallelizable]
public class ExploreCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("harness-explore-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task Explore_help_lists_every_option()
    {
        var (exitCode, output, _) = await HarnessProcess.RunAsync(Bound, "explore", "--help");

        exitCode.Should().Be(0);
        output.Should().ContainAll("--client", "--sessions", "--messages", "--depth", "--budget", "--time-limit", "--parallel", "--report-dir", "--resume");
    }

    [Test]
    public async Task The_root_help_lists_the_explore_command()
    {
        var (exitCode, output, _) = await HarnessProcess.RunAsync(Bound, "--help");

        exitCode.Should().Be(0);
        output.Should().MatchRegex(@"(?m)^\s+explore <scenario>\s+Explore");
    }

    [TestCase("--depth", "3")]
    [TestCase("--time-limit", "soon")]
    [TestCase("--resume", "no-such-folder")]
    public async Task A_bad_option_is_a_usage_error(string option, string value)
    {
        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "explore", option, value);

        exitCode.Should().Be(2);
        error.Should().Contain("harness explore").And.Contain(option);
    }

    [Test]
    public async Task A_scenario_with_faults_of_its_own_is_refused()
    {
        var file = Path.Combine(_folder.FullName, "faulty.yaml");
        await File.WriteAllTextAsync(file, "name: faulty\ndescription: d\nfaults:\n  - action: drop\n");

        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "explore", file, "--client", "harness", "--report-dir", Path.Combine(_folder.FullName, "out"));

        exitCode.Should().Be(2, error);
        error.Should().Contain("has its own faults");
    }

    [Test]
    public async Task A_budgeted_exploration_writes_its_folder_and_a_resume_finishes_it()
    {
        var folder = Path.Combine(_folder.FullName, "explore");

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "explore", "--client", "harness", "--messages", "2", "--budget", "4", "--report-dir", folder);

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("space: ").And.Contain("coverage: 4 of ").And.Contain("stopped by --budget").And.Contain($"--resume {folder}");
        var page = Path.Combine(folder, "explore.html");
        output.Should().Contain($"HTML: {page}");
        (await File.ReadAllTextAsync(page)).Should().Contain("data-testid=\"verdict\">PASS<").And.Contain("4 of ").And.Contain("stopped by --budget").And.Contain("data-testid=\"cells-table\"");

        (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "explore", "--client", "harness", "--messages", "2", "--resume", folder);

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("done before").And.Contain("0 break a guarantee");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "explore.json")));
        var coverage = report.RootElement.GetProperty("coverage");
        coverage.GetProperty("explored").GetInt64().Should().Be(coverage.GetProperty("space").GetInt64());
        coverage.GetProperty("thisRun").GetInt64().Should().Be(coverage.GetProperty("space").GetInt64() - 4);
        report.RootElement.GetProperty("violations").GetArrayLength().Should().Be(0);
        report.RootElement.GetProperty("cells").EnumerateArray().Sum(cell => cell.GetProperty("explored").GetInt64()).Should().Be(coverage.GetProperty("space").GetInt64());
        (await File.ReadAllTextAsync(page)).Should().Contain("the whole space.").And.NotContain("stopped by --budget", "the page is rewritten with explore.json");
    }
}

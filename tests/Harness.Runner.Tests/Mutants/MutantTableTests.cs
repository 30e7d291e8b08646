using System.Text.RegularExpressions;
using Harness.Reliability.Source;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Mutants;

/// <summary>
/// docs/mutants.md stays true: one row per mutant of <see cref="MutantCatalog"/>, every library scenario it names
/// fails its expectation with the mutant applied (and is held to it without the mutant by
/// <see cref="ScenarioLibraryTests"/>), and every test it names exists.
/// </summary>
[NonParallelizable]
public partial class MutantTableTests
{
    private static readonly Lazy<IReadOnlyList<MutantRow>> Table = new(() => MutantRow.ParseTable(File.ReadAllText(RepositoryFiles.PathOf("docs", "mutants.md"))));

    public static IEnumerable<TestCaseData> ScenarioKills() =>
        Table.Value.SelectMany(row => row.Scenarios.Select(kill => new TestCaseData(row.Name, kill.FileName, kill.Client)
            .SetName($"{row.Name} killed by {Path.GetFileNameWithoutExtension(kill.FileName)} [{ScenarioLoader.Clients.NameOf(kill.Client)}]")));

    [Test]
    public void The_table_has_one_row_for_each_mutant_of_the_catalog_with_its_layer_and_what_it_breaks()
    {
        Table.Value.Select(row => row.Name).Should().OnlyHaveUniqueItems();
        Table.Value.Select(row => (row.Name, row.Layer, row.Breaks)).Should().BeEquivalentTo(
            MutantCatalog.All.Select(mutant => (mutant.Name, mutant.Layer, mutant.Breaks)),
            "docs/mutants.md lists exactly the catalog's mutants, in the catalog's words");
    }

    [Test]
    public void Every_mutant_is_killed_by_a_scenario_or_a_test() =>
        Table.Value.Should().AllSatisfy(row => (row.Scenarios.Count + row.Tests.Count).Should().BePositive($"{row.Name} needs a killer"));

    [TestCaseSource(nameof(ScenarioKills))]
    public async Task The_scenario_fails_its_expectation_with_the_mutant(string mutantName, string fileName, ClientKind client)
    {
        var mutant = MutantCatalog.Named(mutantName);
        var scenario = mutant.LibraryScenario(fileName, client);

        var result = await ScenarioRunner.RunAsync(scenario, mutant.Apply(new RunOptions()), CancellationToken.None);
        await TestContext.Out.WriteLineAsync($"{mutantName} with {fileName}: {result.End}, {result.Outcome}");

        result.End.Should().BeOneOf([RunEnd.Completed, RunEnd.TimedOut], "the run itself must work: a kill is an unmet expectation, not a broken run" + ScenarioLibraryTests.Explain(result));
        result.ExpectationMet.Should().BeFalse($"{mutantName} must be killed by {fileName}" + ScenarioLibraryTests.Explain(result));
    }

    [Test]
    public void Every_scenario_the_table_names_is_held_to_its_expectation_by_the_library_tests()
    {
        var libraryCases = ScenarioLibraryTests.LibraryScenarios().Select(data => ((string)data.Arguments[0]!, (ClientKind)data.Arguments[1]!)).ToHashSet();

        var notInLibrary = Table.Value.SelectMany(row => row.Scenarios)
            .Where(kill => !libraryCases.Contains((kill.FileName, kill.Client)))
            .Select(kill => $"{kill.FileName} [{ScenarioLoader.Clients.NameOf(kill.Client)}]");

        notInLibrary.Should().BeEmpty("the correct build must meet the expectation a mutant fails, and ScenarioLibraryTests checks that only for its own cases");
    }

    [Test]
    public void Every_test_the_table_names_exists()
    {
        var sources = Directory.EnumerateFiles(RepositoryFiles.PathOf("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(File.ReadAllText)
            .ToList();

        var missing = Table.Value.SelectMany(row => row.Tests)
            .Where(test => !sources.Any(source => Declares(source, test)))
            .Select(test => $"{test.Class}.{test.Method}");

        missing.Should().BeEmpty("docs/mutants.md names only test methods declared under tests/");
    }

    [Test]
    public async Task A_source_mutant_cannot_be_given_to_the_real_WCF_client()
    {
        var mutant = MutantCatalog.All.First(m => m.Layer == MutantLayer.Source);
        var options = mutant.Apply(new RunOptions());

        var run = () => ScenarioRunner.RunAsync(mutant.LibraryScenario("baseline.yaml", ClientKind.Wcf), options, CancellationToken.None);

        options.SourceDefects.Should().NotBe(SourceDefects.None);
        await run.Should().ThrowAsync<ArgumentException>().WithMessage("*harness's own client*");
    }

    [Test]
    public void The_table_reader_refuses_a_cell_it_cannot_read()
    {
        const string Markdown = """
            | mutant | layer | what it breaks | killed by |
            |---|---|---|---|
            | `X` | proxy | nothing | `baseline.yaml` [harness], a test somewhere |
            """;

        var read = () => MutantRow.ParseTable(Markdown);

        read.Should().Throw<FormatException>().WithMessage("*X*a test somewhere*");
    }

    /// <summary>Whether <paramref name="source"/> declares class <see cref="TestKill.Class"/> and a method <see cref="TestKill.Method"/> returning Task or void.</summary>
    private static bool Declares(string source, TestKill test) =>
        Regex.IsMatch(source, $@"\bclass\s+{Regex.Escape(test.Class)}\b") && Regex.IsMatch(source, $@"\b(?:Task|void)\s+{Regex.Escape(test.Method)}\s*\(");
}

/// <summary>One row of the table in docs/mutants.md.</summary>
public sealed partial record MutantRow(string Name, MutantLayer Layer, string Breaks, IReadOnlyList<ScenarioKill> Scenarios, IReadOnlyList<TestKill> Tests)
{
    private const string Header = "| mutant | layer | what it breaks | killed by |";

    /// <summary>The rows of the table whose header is <see cref="Header"/>; a row or cell that does not read is a <see cref="FormatException"/>.</summary>
    public static IReadOnlyList<MutantRow> ParseTable(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()).ToList();
        var header = lines.IndexOf(Header);
        if (header < 0 || header + 1 >= lines.Count || !lines[header + 1].StartsWith("|---", StringComparison.Ordinal))
        {
            throw new FormatException($"no table headed '{Header}'");
        }

        return [.. lines.Skip(header + 2).TakeWhile(line => line.StartsWith('|')).Select(Parse)];
    }

    private static MutantRow Parse(string line)
    {
        var cells = line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
        if (cells.Length != 4 || NameCell().Match(cells[0]) is not { Success: true } name || !Enum.TryParse<MutantLayer>(cells[1], ignoreCase: true, out var layer))
        {
            throw new FormatException($"a row of the mutant table does not read as `name` | layer | what it breaks | killed by: {line}");
        }

        var scenarios = new List<ScenarioKill>();
        var tests = new List<TestKill>();
        foreach (var item in cells[3].Split(';', StringSplitOptions.TrimEntries))
        {
            if (ScenarioItem().Match(item) is { Success: true } scenario && ScenarioLoader.Clients.TryGet(scenario.Groups["client"].Value, out var client))
            {
                scenarios.Add(new ScenarioKill(scenario.Groups["file"].Value, client));
            }
            else if (TestItem().Match(item) is { Success: true } test)
            {
                tests.Add(new TestKill(test.Groups["class"].Value, test.Groups["method"].Value));
            }
            else
            {
                throw new FormatException($"{name.Groups["name"].Value}: '{item}' is neither `file.yaml` [client] nor `Class.Method`");
            }
        }

        return new MutantRow(name.Groups["name"].Value, layer, cells[2], scenarios, tests);
    }

    [GeneratedRegex("^`(?<name>[A-Za-z]+)`$")]
    private static partial Regex NameCell();

    [GeneratedRegex(@"^`(?<file>[a-z0-9-]+\.yaml)` \[(?<client>[a-z]+)\]$")]
    private static partial Regex ScenarioItem();

    [GeneratedRegex(@"^`(?<class>[A-Za-z_][A-Za-z0-9_]*)\.(?<method>[A-Za-z_][A-Za-z0-9_]*)`$")]
    private static partial Regex TestItem();
}

/// <summary>A library scenario, run with a client, that a mutant fails.</summary>
public sealed record ScenarioKill(string FileName, ClientKind Client);

/// <summary>A test that fails when a mutant's bug is in place.</summary>
public sealed record TestKill(string Class, string Method);

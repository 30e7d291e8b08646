using System.CommandLine;
using System.Globalization;
using Harness.Cli.Rendering;
using Harness.Runner.Scenarios;
using Harness.Yaml;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness validate</c>: loads scenario files without running them and reports every invalid one, one line each,
/// <c>file:line:column: reason</c>.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Scenario files, folders (every *.yaml and *.yml in them) or globs with '*' in the file name (scenarios/drop-*.yaml).",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command(
            "validate",
            "Check scenario files without running them: every invalid file is reported on one line, file:line:column: reason, "
            + "and scenario names must be unique across all the paths given. Exit code 0 when all are valid, 2 otherwise.")
        {
            paths,
        };

        paths.RejectUnknownOptions(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (scenarios, failures) = await LoadAsync(parseResult.GetValue(paths)!, error).ConfigureAwait(false);
            if (scenarios.Count > 0)
            {
                var console = CommandOutput.For(output);
                await console.WriteAsync(ValidScenarios(console, scenarios), cancellationToken).ConfigureAwait(false);
            }

            var valid = string.Create(CultureInfo.InvariantCulture, $"{scenarios.Count} scenario(s) valid");
            await output.WriteLineAsync(failures == 0 ? valid : string.Create(CultureInfo.InvariantCulture, $"{valid}, {failures} error(s)")).ConfigureAwait(false);
            return failures == 0 ? ExitCodes.Success : ExitCodes.UsageError;
        });

        return command;
    }

    /// <summary>
    /// Loads every scenario the paths name (files, folders, globs), file by file, so that every invalid file is reported:
    /// each error is written to <paramref name="error"/> as one line. A scenario whose name an earlier one (in any path)
    /// already uses is an error too. A file named twice, directly and through a folder or glob, is read once.
    /// </summary>
    /// <returns>The valid scenarios, in the order of the paths and, within a folder or glob, by file name; and the number of errors.</returns>
    public static async Task<(IReadOnlyList<Scenario> Scenarios, int Failures)> LoadAsync(IEnumerable<string> paths, TextWriter error)
    {
        var scenarios = new List<Scenario>();
        var failures = 0;
        var firstFileByName = new Dictionary<string, string>(StringComparer.Ordinal);
        var filesRead = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            IReadOnlyList<string> files;
            try
            {
                files = ScenarioLoader.ScenarioFiles(path);
            }
            catch (Exception e) when (e is ScenarioLoadException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                await error.WriteLineAsync(OneLine(path, e)).ConfigureAwait(false);
                failures++;
                continue;
            }

            foreach (var file in files.Where(file => filesRead.Add(Path.GetFullPath(file))))
            {
                try
                {
                    var (scenario, namePosition) = ScenarioLoader.LoadWithNamePosition(file);
                    if (!firstFileByName.TryAdd(scenario.Name, file))
                    {
                        throw new ScenarioLoadException(
                            file, namePosition.Line, namePosition.Column, $"duplicate scenario name '{scenario.Name}', also used by {firstFileByName[scenario.Name]}");
                    }

                    scenarios.Add(scenario);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Loader errors are one line already; anything else (a bug, an I/O failure) is made one, so the
                    // output stays one line per file for editors and CI logs rather than a stack trace.
                    await error.WriteLineAsync(OneLine(file, e)).ConfigureAwait(false);
                    failures++;
                }
            }
        }

        return (scenarios, failures);
    }

    /// <summary><c>ok  NAME  (FILE): SUMMARY</c> for each scenario, the names in a column of their own.</summary>
    private static Grid ValidScenarios(CommandOutput output, IReadOnlyList<Scenario> scenarios)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn().AddColumn();
        var ok = output.IsLive ? new Style(Color.Green) : Style.Plain;
        foreach (var scenario in scenarios)
        {
            grid.AddRow(new Text("ok", ok), new Text(scenario.Name), new Text($"({scenario.File}): {Summary(scenario)}"));
        }

        return grid;
    }

    /// <summary><c>1 session x 10 request-reply, 1 fault rule, expect holds</c>.</summary>
    public static string Summary(Scenario scenario)
    {
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{Workload(scenario)}, {Plural(scenario.Faults.Rules.Count, "fault rule")}, expect {Expectation(scenario)}");
        return scenario.Settings.Enabled ? summary : summary + ", reliable session off";
    }

    /// <summary>The expected verdict, or one per client (<c>wcf=session-faults,harness=holds</c>) where they differ.</summary>
    public static string Expectation(Scenario scenario)
    {
        var byClient = scenario.Clients.Select(client => (Client: client, Expect: scenario.ForClient(client)!.Expect)).ToList();
        return byClient.Select(entry => entry.Expect).Distinct().Count() == 1
            ? YamlChoices.NameOf(byClient[0].Expect)
            : string.Join(',', byClient.Select(entry => $"{ScenarioLoader.Clients.NameOf(entry.Client)}={YamlChoices.NameOf(entry.Expect)}"));
    }

    /// <summary><c>2 sessions x 10 one-way</c>.</summary>
    public static string Workload(Scenario scenario) =>
        string.Create(CultureInfo.InvariantCulture, $"{Plural(scenario.Workload.Sessions, "session")} x {scenario.Workload.Messages} {YamlChoices.NameOf(scenario.Workload.Operation)}");


    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private static string OneLine(string path, Exception e) => e switch
    {
        ScenarioLoadException => e.Message,
        IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException => $"{path}: {e.Message.ReplaceLineEndings(" ")}",
        _ => $"{path}: unexpected {e.GetType().Name} while loading: {e.Message.ReplaceLineEndings(" ")}",
    };
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Cli.Commands;

/// <summary><c>harness list</c>: a table (or JSON) of the scenarios in files, folders or globs.</summary>
internal static partial class ListCommand
{
    private const string DefaultPath = "scenarios/";

    /// <summary>Table lines are kept under this many characters by shortening the description.</summary>
    private const int MaxLineLength = 160;

    private const int MinDescriptionWidth = 20;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Scenario files, folders (every *.yaml and *.yml in them) or globs with '*' in the file name.",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [DefaultPath],
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print a JSON array instead of the table: name, file, description, expect, expectByClient, clients, binding, contract, "
                + "sessions, messages, operation, reliableMessagingVersion, reliableSession, faultRules, seed for each scenario.",
        };

        var command = new Command(
            "list",
            "List scenarios: name, expected verdict (per client where the clients differ), the clients it runs with, workload, WS-RM version ('off' without a reliable session), number of fault "
            + "rules and the first sentence of the description. Invalid files are reported as by 'validate' (exit code 2).")
        {
            paths,
            json,
        };

        paths.RejectUnknownOptions(command);
        command.SetAction(async (parseResult, _) =>
        {
            var given = parseResult.GetValue(paths) is { Length: > 0 } values ? values : [DefaultPath];
            var (scenarios, failures) = await ValidateCommand.LoadAsync(given, error).ConfigureAwait(false);
            if (failures > 0)
            {
                return ExitCodes.UsageError;
            }

            await output.WriteAsync(parseResult.GetValue(json) ? Json(scenarios) : Table(scenarios)).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        return command;
    }

    private static string Json(IReadOnlyList<Scenario> scenarios) =>
        JsonSerializer.Serialize(scenarios.Select(ToJson).ToList(), JsonOptions) + Environment.NewLine;

    private static ScenarioJson ToJson(Scenario scenario) => new(
        scenario.Name,
        scenario.File,
        scenario.Description,
        YamlChoices.NameOf(scenario.Expect),
        scenario.Clients.ToDictionary(ScenarioLoader.Clients.NameOf, client => YamlChoices.NameOf(scenario.ForClient(client)!.Expect)),
        [.. scenario.Clients.Select(ScenarioLoader.Clients.NameOf)],
        ScenarioLoader.Bindings.NameOf(scenario.Binding),
        ScenarioLoader.Contracts.NameOf(scenario.Contract),
        scenario.Workload.Sessions,
        scenario.Workload.Messages,
        YamlChoices.NameOf(scenario.Workload.Operation),
        scenario.Settings.ReliableMessagingVersion.ShortName,
        scenario.Settings.Enabled,
        scenario.Faults.Rules.Count,
        scenario.Seed);

    private static string Table(IReadOnlyList<Scenario> scenarios)
    {
        string[] header = ["NAME", "EXPECT", "CLIENTS", "WORKLOAD", "RM", "FAULTS"];
        var rows = scenarios
            .Select(scenario => (Cells: new[]
            {
                scenario.Name,
                ValidateCommand.Expectation(scenario),
                string.Join(',', scenario.Clients.Select(ScenarioLoader.Clients.NameOf)),
                ValidateCommand.Workload(scenario),
                scenario.Settings.Enabled ? scenario.Settings.ReliableMessagingVersion.ShortName : "off",
                scenario.Faults.Rules.Count.ToString(CultureInfo.InvariantCulture),
            }, Description: FirstSentence(scenario.Description)))
            .ToList();

        var widths = header.Select((title, column) => rows.Select(row => row.Cells[column].Length).Append(title.Length).Max()).ToArray();
        var descriptionWidth = Math.Max(MinDescriptionWidth, MaxLineLength - 1 - widths.Sum(width => width + 2));
        var table = new StringBuilder();
        AppendRow(table, header, "DESCRIPTION", widths);
        foreach (var (cells, description) in rows)
        {
            AppendRow(table, cells, Shorten(description, descriptionWidth), widths);
        }

        return table.ToString();
    }

    private static void AppendRow(StringBuilder table, string[] cells, string description, int[] widths)
    {
        for (var column = 0; column < cells.Length; column++)
        {
            table.Append(cells[column].PadRight(widths[column])).Append("  ");
        }

        table.Append(description).AppendLine();
    }

    /// <summary>The description up to its first full stop (or ! or ?) that ends a sentence, on one line.</summary>
    private static string FirstSentence(string description)
    {
        var oneLine = Whitespace().Replace(description, " ").Trim();
        var end = SentenceEnd().Match(oneLine);
        return end.Success ? oneLine[..(end.Index + 1)] : oneLine;
    }

    private static string Shorten(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 3).TrimEnd(), "...");

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    // "e.g. a drop" does not end a sentence; "once. Then" does.
    [GeneratedRegex(@"[.!?](?=\s+[\p{Lu}\d]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    /// <summary>One element of <c>--json</c>'s array (property names in camelCase).</summary>
    private sealed record ScenarioJson(
        string Name,
        string File,
        string Description,
        string Expect,
        IReadOnlyDictionary<string, string> ExpectByClient,
        IReadOnlyList<string> Clients,
        string Binding,
        string Contract,
        int Sessions,
        int Messages,
        string Operation,
        string ReliableMessagingVersion,
        bool ReliableSession,
        int FaultRules,
        long Seed);
}

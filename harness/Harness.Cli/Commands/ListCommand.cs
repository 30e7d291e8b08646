using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Cli.Rendering;
using Harness.Runner.Scenarios;
using Harness.Yaml;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary><c>harness list</c>: a table (or JSON) of the scenarios in files, folders or globs.</summary>
internal static partial class ListCommand
{
    private const string DefaultPath = "scenarios/";

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
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var given = parseResult.GetValue(paths) is { Length: > 0 } values ? values : [DefaultPath];
            var (scenarios, failures) = await ValidateCommand.LoadAsync(given, error).ConfigureAwait(false);
            if (failures > 0)
            {
                return ExitCodes.UsageError;
            }

            if (parseResult.GetValue(json))
            {
                await output.WriteAsync(Json(scenarios)).ConfigureAwait(false);
            }
            else
            {
                var console = CommandOutput.For(output);
                await console.WriteAsync(Table(console, scenarios), cancellationToken).ConfigureAwait(false);
            }

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

    /// <summary>
    /// One row per scenario. The description is cut to the room left rather than wrapped, and the other columns keep
    /// their width, so that each row stays one line; only on a console too narrow for them may every column wrap.
    /// </summary>
    private static Table Table(CommandOutput output, IReadOnlyList<Scenario> scenarios)
    {
        string[] headers = ["NAME", "EXPECT", "CLIENTS", "WORKLOAD", "RM", "FAULTS"];
        var rows = scenarios.Select(scenario => (Cells: Cells(scenario), Description: FirstSentence(scenario.Description))).ToList();

        var withoutDescription = output.NewTable(headers);
        rows.ForEach(row => withoutDescription.AddRow(row.Cells));

        // Room for the narrowest description and for the border and padding of its column.
        var keepWidths = output.LeavesRoom(withoutDescription, OneLineText.DefaultMinWidth + 3);

        var table = output.NewTable([.. headers, "DESCRIPTION"]);
        foreach (var column in table.Columns.SkipLast(1))
        {
            column.NoWrap = keepWidths;
        }

        rows.ForEach(row => table.AddRow([.. row.Cells, new OneLineText(row.Description)]));
        return table;
    }

    private static Text[] Cells(Scenario scenario) =>
    [
        new(scenario.Name),
        new(ValidateCommand.Expectation(scenario)),
        new(string.Join(',', scenario.Clients.Select(ScenarioLoader.Clients.NameOf))),
        new(ValidateCommand.Workload(scenario)),
        new(scenario.Settings.Enabled ? scenario.Settings.ReliableMessagingVersion.ShortName : "off"),
        new(scenario.Faults.Rules.Count.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The description up to its first full stop (or ! or ?) that ends a sentence, on one line.</summary>
    private static string FirstSentence(string description)
    {
        var oneLine = Whitespace().Replace(description, " ").Trim();
        var end = SentenceEnd().Match(oneLine);
        return end.Success ? oneLine[..(end.Index + 1)] : oneLine;
    }

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

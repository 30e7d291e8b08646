using System.Text.RegularExpressions;
using Harness.Protocol.Versions;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Faults.Yaml;
using Harness.Reliability.Settings;
using Harness.WcfClient.Binding;
using Harness.Yaml;
using YamlDotNet.RepresentationModel;

namespace Harness.Runner.Scenarios;

/// <summary>
/// Loads scenario files (docs/scenarios.md, schemas/scenario.schema.json). Loading is strict, like the fault plan's:
/// every error is a one-line <see cref="ScenarioLoadException"/>, <c>file:line:column: reason</c>, naming the valid
/// choices, and unknown keys are errors rather than silently ignored.
/// </summary>
public static partial class ScenarioLoader
{
    private const string RequiredKeys = "'name' and 'description'";

    private const string RequiredKeysHint = "every scenario has a name ([a-z0-9-]+) and a description of what it proves";

    /// <summary>Every top-level key a scenario may have.</summary>
    public static IReadOnlyList<string> TopLevelKeys { get; } = ["name", "description", "seed", "client", "binding", "contract", "settings", "workload", "faults", "expect", "time-limit"];

    /// <summary>Every key of <c>settings:</c>: WCF's setting names in kebab-case.</summary>
    public static IReadOnlyList<string> SettingsKeys => ScenarioSettingsYaml.Keys;

    /// <summary>Every key of <c>workload:</c>.</summary>
    public static IReadOnlyList<string> WorkloadKeys { get; } = ["sessions", "messages", "operation", "payload-size", "concurrency"];

    public static YamlChoices<Expectation> Expectations { get; } = YamlChoices.FromEnum<Expectation>("expect");

    public static YamlChoices<WorkloadOperation> Operations { get; } = YamlChoices.FromEnum<WorkloadOperation>("operation");

    public static YamlChoices<ClientKind> Clients { get; } = YamlChoices.FromEnum<ClientKind>("client");

    public static YamlChoices<WcfBindingKind> Bindings { get; } = new("binding", [KeyValuePair.Create("custom", WcfBindingKind.Custom), KeyValuePair.Create("wshttp", WcfBindingKind.WSHttp)]);

    public static YamlChoices<ContractShape> Contracts { get; } = YamlChoices.FromEnum<ContractShape>("contract");

    public static IReadOnlyList<string> ReliableMessagingVersionNames => ScenarioSettingsYaml.ReliableMessagingVersions.Names;

    public static IReadOnlyList<string> MessageVersionNames => ScenarioSettingsYaml.MessageVersions.Names;

    /// <summary>The names scenario files give WS-RM versions (<c>2005</c>, <c>11</c>), for options that take the same names.</summary>
    public static YamlChoices<ReliableMessagingVersion> ReliableMessagingVersions => ScenarioSettingsYaml.ReliableMessagingVersions;

    /// <summary>The names scenario files give message versions (e.g. <c>soap12-wsa10</c>), for options that take the same names.</summary>
    public static YamlChoices<MessageVersion> MessageVersions => ScenarioSettingsYaml.MessageVersions;

    /// <summary>Loads one scenario file; a missing file fails naming it.</summary>
    public static Scenario Load(string path) => Parse(YamlSource.ReadFile(path), path);

    /// <summary>
    /// Loads one scenario file and says where its name is, so that a caller loading files one by one can report a
    /// duplicate name there, as <see cref="LoadAll"/> does.
    /// </summary>
    public static (Scenario Scenario, SourcePosition NamePosition) LoadWithNamePosition(string path) => Read(YamlSource.ReadFile(path), path);

    /// <summary>
    /// A scenario from text; <paramref name="file"/> names it in errors and in <see cref="Scenario.File"/>. Its fault
    /// actions come from <paramref name="actions"/> (<see cref="FaultActionCatalog.BuiltIn"/> when null).
    /// </summary>
    public static Scenario Parse(string yaml, string file, FaultActionCatalog? actions = null) => Read(yaml, file, actions).Scenario;

    /// <summary>
    /// A file; a folder (every <c>*.yaml</c> and <c>*.yml</c> in it); or a glob with <c>*</c> in the file name
    /// (<c>scenarios/drop-*.yaml</c>). Scenarios come sorted by file name; nothing matching, or two scenarios with the
    /// same name, is an error.
    /// </summary>
    public static IReadOnlyList<Scenario> LoadAll(string fileFolderOrGlob)
    {
        var scenarios = new List<Scenario>();
        var firstFileByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in ScenarioFiles(fileFolderOrGlob))
        {
            var (scenario, namePosition) = LoadWithNamePosition(path);
            if (!firstFileByName.TryAdd(scenario.Name, path))
            {
                throw new ScenarioLoadException(
                    path, namePosition.Line, namePosition.Column, $"duplicate scenario name '{scenario.Name}', also used by {firstFileByName[scenario.Name]}");
            }

            scenarios.Add(scenario);
        }

        return scenarios;
    }

    /// <summary>
    /// The files a path names: itself, a folder's <c>*.yaml</c> and <c>*.yml</c>, or a glob's matches, sorted by file
    /// name; a missing file or a pattern matching nothing is a <see cref="ScenarioLoadException"/>.
    /// </summary>
    public static IReadOnlyList<string> ScenarioFiles(string fileFolderOrGlob)
    {
        if (File.Exists(fileFolderOrGlob))
        {
            return [fileFolderOrGlob];
        }

        string folder;
        string pattern;
        if (Directory.Exists(fileFolderOrGlob))
        {
            (folder, pattern) = (fileFolderOrGlob, "*");
        }
        else if (Path.GetFileName(fileFolderOrGlob).Contains('*', StringComparison.Ordinal))
        {
            (folder, pattern) = (Path.GetDirectoryName(fileFolderOrGlob) is { Length: > 0 } parent ? parent : ".", Path.GetFileName(fileFolderOrGlob));
        }
        else
        {
            throw new ScenarioLoadException(fileFolderOrGlob, "file not found");
        }

        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, pattern)
                .Where(file => file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .OrderBy(Path.GetFileName, StringComparer.Ordinal)
                .ToList()
            : [];
        return files.Count > 0 ? files : throw new ScenarioLoadException(fileFolderOrGlob, "no scenario files (*.yaml, *.yml) match");
    }

    /// <summary>The scenario and where its name is, for errors about the name across files.</summary>
    private static (Scenario Scenario, SourcePosition NamePosition) Read(string yaml, string file, FaultActionCatalog? actions = null)
    {
        var values = new YamlValueReader(file);
        var root = YamlSource.Parse(yaml, file);
        if (YamlValueReader.IsNull(root))
        {
            throw new ScenarioLoadException(file, 1, 1, $"a scenario must be a mapping with at least {RequiredKeys}, got nothing");
        }

        var scenario = values.Mapping(root, "a scenario", TopLevelKeys);
        var nameNode = scenario.Required("name", RequiredKeysHint);
        var name = values.Text(nameNode, "'name'");
        if (!NamePattern().IsMatch(name))
        {
            throw values.Error(nameNode, $"'name' must be lower-case letters, digits and '-' (e.g. drop-third-message), got {YamlValueReader.Describe(nameNode)}");
        }

        var description = values.Text(scenario.Required("description", RequiredKeysHint), "'description'");
        var client = scenario.Choice("client", Clients, ClientKind.Wcf);
        var binding = scenario.Choice("binding", Bindings, WcfBindingKind.Custom);
        var contract = scenario.Choice("contract", Contracts, ContractShape.Mixed);
        var settingsNode = scenario.Optional("settings");
        var settings = ScenarioSettingsYaml.Read(settingsNode, scenario.KeyNode("settings") ?? root, values);
        var workload = ReadWorkload(scenario.Optional("workload"), scenario.KeyNode("workload") ?? root, values);
        CheckClientCanRun(scenario, client, binding, settings, settingsNode, values);
        if (contract == ContractShape.OneWayOnly && workload.Operation == WorkloadOperation.RequestReply)
        {
            throw values.Error(scenario.KeyNode("contract")!, "'contract: one-way-only' has no Append: use 'operation: one-way' in the workload, or 'contract: mixed'");
        }

        var (expect, expectByClient) = ReadExpectation(scenario, client, Scenario.ClientsFor(client, binding), values);
        var loaded = new Scenario(
            name,
            description,
            scenario.Long("seed") ?? Scenario.DefaultSeed,
            settings,
            workload,
            scenario.Optional("faults") is { } faults ? FaultPlanYaml.ParseFaults(faults, file, actions) : FaultPlan.Empty,
            expect,
            scenario.Duration("time-limit", allowZero: false) ?? Scenario.DefaultTimeLimit,
            file)
        {
            Client = client,
            NeedsHarnessClient = client == ClientKind.Harness,
            Binding = binding,
            Contract = contract,
            ExpectByClient = expectByClient,
        };
        return (loaded, values.PositionOf(nameNode));
    }

    /// <summary>
    /// Refuses what the chosen client cannot do, at the key that asks for it: settings the WCF client (or WSHttpBinding)
    /// has no knob for, a binding for the harness's client, and combinations WCF refuses. Nothing is silently ignored.
    /// </summary>
    private static void CheckClientCanRun(YamlMappingReader scenario, ClientKind client, WcfBindingKind binding, ReliableSessionSettings settings, YamlNode? settingsNode, YamlValueReader values)
    {
        if (client == ClientKind.Harness)
        {
            if (scenario.KeyNode("binding") is { } bindingKey)
            {
                throw values.Error(bindingKey, "'binding' chooses the WCF client's binding, but this scenario uses 'client: harness'; remove 'binding' or use 'client: wcf'");
            }

            return;
        }

        var present = settingsNode is YamlMappingNode mapping
            ? mapping.Children.Keys.OfType<YamlScalarNode>().Where(key => key.Value is not null).ToList()
            : [];
        foreach (var key in present)
        {
            var property = ScenarioSettingsYaml.PropertyOf(key.Value!);
            if (WcfBindings.HarnessOnlySettings.Contains(property))
            {
                throw values.Error(key, $"'{key.Value}' is a setting of the harness's own client; the WCF client has no such knob (its retransmission timer adapts to the round trips it measures): use 'client: harness', or remove it");
            }

            if (binding == WcfBindingKind.WSHttp && !WcfBindings.WSHttpSettings.Contains(property))
            {
                throw values.Error(key, $"WSHttpBinding exposes no '{key.Value}' (only reliable-session, ordered, inactivity-timeout and send-timeout): use 'binding: custom', or remove it");
            }
        }

        if (WcfBindings.Unsupported(binding, settings) is { } reason)
        {
            throw values.Error(scenario.KeyNode("binding") ?? scenario.KeyNode("settings")!, reason);
        }
    }

    /// <summary>
    /// <c>expect: holds</c> for every client, or <c>expect: {wcf: session-faults, harness: holds}</c> where the clients
    /// differ (the description says why); a mapping must name every client the scenario runs with.
    /// </summary>
    private static (Expectation Expect, IReadOnlyDictionary<ClientKind, Expectation> ByClient) ReadExpectation(
        YamlMappingReader scenario, ClientKind client, IReadOnlyList<ClientKind> runsWith, YamlValueReader values)
    {
        if (scenario.Optional("expect") is not YamlMappingNode mapping)
        {
            return (scenario.Choice("expect", Expectations, Expectation.Holds), Scenario.SameForEveryClient);
        }

        var perClient = values.Mapping(mapping, "'expect'", Clients.Names);
        var byClient = new Dictionary<ClientKind, Expectation>();
        foreach (var name in Clients.Names)
        {
            Clients.TryGet(name, out var kind);
            if (perClient.Optional(name) is { } node)
            {
                byClient[kind] = values.Choice(node, Expectations);
            }
            else if (runsWith.Contains(kind))
            {
                var names = string.Join(", ", runsWith.Select(Clients.NameOf));
                throw values.Error(mapping, $"'expect' per client must name every client the scenario runs with ({names}), it lacks '{name}'");
            }
        }

        // The scenario's own client is among those it runs with, so the loop above has its expectation.
        return (byClient[client], byClient);
    }

    private static Workload ReadWorkload(YamlNode? node, YamlNode key, YamlValueReader values)
    {
        var workload = values.OptionalMapping(node, key, "'workload'", WorkloadKeys);
        var defaults = Workload.Default;
        return new Workload(
            workload.Int("sessions", min: 1) ?? defaults.Sessions,
            workload.Int("messages", min: 1) ?? defaults.Messages,
            workload.Choice("operation", Operations, defaults.Operation),
            workload.Int("payload-size", min: 1) ?? defaults.PayloadSize,
            workload.Int("concurrency", min: 1) ?? defaults.Concurrency);
    }

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

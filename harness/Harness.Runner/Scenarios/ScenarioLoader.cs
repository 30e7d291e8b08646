using System.Text.RegularExpressions;

using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Yaml;

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
    public static IReadOnlyList<string> TopLevelKeys { get; } = ["name", "description", "seed", "settings", "workload", "faults", "expect", "time-limit"];

    /// <summary>Every key of <c>settings:</c>: WCF's setting names in kebab-case.</summary>
    public static IReadOnlyList<string> SettingsKeys => ScenarioSettingsYaml.Keys;

    /// <summary>Every key of <c>workload:</c>.</summary>
    public static IReadOnlyList<string> WorkloadKeys { get; } = ["sessions", "messages", "operation", "payload-size", "concurrency"];

    public static YamlChoices<Expectation> Expectations { get; } = YamlChoices.FromEnum<Expectation>("expect");

    public static YamlChoices<WorkloadOperation> Operations { get; } = YamlChoices.FromEnum<WorkloadOperation>("operation");

    public static IReadOnlyList<string> ReliableMessagingVersionNames => ScenarioSettingsYaml.ReliableMessagingVersions.Names;

    public static IReadOnlyList<string> MessageVersionNames => ScenarioSettingsYaml.MessageVersions.Names;

    /// <summary>Loads one scenario file; a missing file fails naming it.</summary>
    public static Scenario Load(string path) => Parse(YamlSource.ReadFile(path), path);

    /// <summary>
    /// Loads one scenario file and says where its name is, so that a caller loading files one by one can report a
    /// duplicate name there, as <see cref="LoadAll"/> does.
    /// </summary>
    public static (Scenario Scenario, SourcePosition NamePosition) LoadWithNamePosition(string path) => Read(YamlSource.ReadFile(path), path);

    /// <summary>A scenario from text; <paramref name="file"/> names it in errors and in <see cref="Scenario.File"/>.</summary>
    public static Scenario Parse(string yaml, string file) => Read(yaml, file).Scenario;

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
    private static (Scenario Scenario, SourcePosition NamePosition) Read(string yaml, string file)
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
        var loaded = new Scenario(
            name,
            description,
            scenario.Long("seed") ?? Scenario.DefaultSeed,
            ScenarioSettingsYaml.Read(scenario.Optional("settings"), scenario.KeyNode("settings") ?? root, values),
            ReadWorkload(scenario.Optional("workload"), scenario.KeyNode("workload") ?? root, values),
            scenario.Optional("faults") is { } faults ? FaultPlanYaml.ParseFaults(faults, file) : FaultPlan.Empty,
            scenario.Choice("expect", Expectations, Expectation.Holds),
            scenario.Duration("time-limit", allowZero: false) ?? Scenario.DefaultTimeLimit,
            file);
        return (loaded, values.PositionOf(nameNode));
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

using Harness.Proxy.Faults.Actions;
using Harness.Yaml;
using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Faults.Yaml;

/// <summary>
/// The fault plan in YAML: the <c>faults:</c> section of a scenario, and the standalone proxy's fault file
/// (docs/fault-plan.md, schemas/fault-plan.schema.json). Every error is a <see cref="ScenarioLoadException"/> naming
/// the file, line and column.
/// </summary>
public static class FaultPlanYaml
{
    internal static readonly string[] RuleKeys = ["name", "match", "action"];

    /// <summary>The top-level keys of a standalone proxy file.</summary>
    public static IReadOnlyList<string> ProxyFileKeys { get; } = ["name", "description", "seed", "faults"];

    /// <summary>Every message kind name the loader accepts in <c>match.kind</c>.</summary>
    public static IReadOnlyList<string> MessageKindNames => FaultMatchYaml.Kinds.Names;

    /// <summary>
    /// The value of a <c>faults:</c> key: a list of rules; an empty list or null is an empty plan. Actions come from
    /// <paramref name="actions"/> (<see cref="FaultActionCatalog.BuiltIn"/> when null).
    /// </summary>
    public static FaultPlan ParseFaults(YamlNode faultsNode, string file, FaultActionCatalog? actions = null)
    {
        if (YamlValueReader.IsNull(faultsNode))
        {
            return FaultPlan.Empty;
        }

        var values = new YamlValueReader(file);
        var rules = values.Sequence(faultsNode, "'faults'");
        return rules.Children.Count == 0
            ? FaultPlan.Empty
            : new FaultPlan([.. rules.Children.Select((rule, index) => ReadRule(rule, index, values, actions ?? FaultActionCatalog.BuiltIn))]);
    }

    /// <summary>Loads a standalone proxy file: <c>name</c>, <c>description</c>, <c>seed</c> and <c>faults</c>, all optional.</summary>
    public static (FaultPlan Plan, long? Seed) LoadProxyFile(string path) => ParseProxyText(YamlSource.ReadFile(path), path);

    /// <summary><see cref="LoadProxyFile"/> from text; <paramref name="file"/> names it in errors.</summary>
    public static (FaultPlan Plan, long? Seed) ParseProxyText(string yaml, string file)
    {
        var root = YamlSource.Parse(yaml, file);
        if (YamlValueReader.IsNull(root))
        {
            return (FaultPlan.Empty, null);
        }

        var proxyFile = new YamlValueReader(file).Mapping(root, "a fault file", ProxyFileKeys);

        // name and description document the file; they are checked but the proxy does not use them.
        _ = proxyFile.Text("name");
        _ = proxyFile.Text("description");
        var seed = proxyFile.Long("seed");
        var plan = proxyFile.Optional("faults") is { } faults ? ParseFaults(faults, file) : FaultPlan.Empty;
        return (plan, seed);
    }

    private static FaultRule ReadRule(YamlNode node, int index, YamlValueReader values, FaultActionCatalog actions)
    {
        var rule = values.Mapping(node, "a rule", RuleKeys);
        var name = rule.Text("name");
        var match = FaultMatchYaml.Read(rule.Optional("match"), node, values);
        var action = actions.Read(rule.Required("action", actions.Choices.OneOf), values);
        return new FaultRule(index, match, action) { Name = name, Position = values.PositionOf(node) };
    }
}

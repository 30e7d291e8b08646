using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Runner.Scenarios;
using Harness.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Harness.Runner.Shrinking;

/// <summary>
/// Writes a scenario file that is the failing one with its faults replaced by placements: the same workload, settings,
/// client and seed, and one rule per placement that matches exactly that send (direction, session, kind, number,
/// attempt) with the action of the rule that made the decision: copied as the original file wrote it, or written
/// anew (<see cref="FaultActionYaml"/>) when shrinking weakened it.
/// </summary>
public sealed class ShrunkScenarioYaml
{
    private readonly string _originalYaml;
    private readonly string _file;

    public ShrunkScenarioYaml(string originalYaml, string file)
    {
        _originalYaml = originalYaml;
        _file = file;
        if (YamlSource.Parse(originalYaml, file) is not YamlMappingNode)
        {
            throw new ScenarioLoadException(file, "the scenario is not a mapping");
        }
    }

    /// <summary>The scenario's text with <paramref name="placements"/> as its faults, each with its rule's action as written.</summary>
    public string Write(IReadOnlyList<FaultPlacement> placements, string name, string description, long seed, ClientKind client) =>
        Write(placements.Select(placement => (placement, (FaultAction?)null)).ToList(), name, description, seed, client);

    /// <summary>The scenario's text with <paramref name="faults"/> as its faults, run with <paramref name="client"/>.</summary>
    public string Write(IReadOnlyList<ShrunkFault> faults, string name, string description, long seed, ClientKind client) =>
        Write(faults.Select(fault => (fault.Placement, fault.IsWeakened ? fault.Action : null)).ToList(), name, description, seed, client);

    /// <param name="faults">Each placement, with the action to write when it is not the rule's own (null: copy the rule's).</param>
    private string Write(IReadOnlyList<(FaultPlacement Placement, FaultAction? Weakened)> faults, string name, string description, long seed, ClientKind client)
    {
        // A fresh parse each time: the representation model is changed in place.
        var root = (YamlMappingNode)YamlSource.Parse(_originalYaml, _file)!;
        var originalRules = root.Children.TryGetValue(new YamlScalarNode("faults"), out var faultsNode) && faultsNode is YamlSequenceNode sequence ? sequence : null;

        root.Children[new YamlScalarNode("name")] = new YamlScalarNode(name);
        root.Children[new YamlScalarNode("description")] = new YamlScalarNode(description) { Style = ScalarStyle.DoubleQuoted };
        root.Children[new YamlScalarNode("seed")] = new YamlScalarNode(seed.ToString(CultureInfo.InvariantCulture));
        root.Children[new YamlScalarNode("client")] = new YamlScalarNode(ScenarioLoader.Clients.NameOf(client));
        root.Children[new YamlScalarNode("faults")] = new YamlSequenceNode(faults.Select(fault => Rule(fault.Placement, fault.Weakened, originalRules)));

        var stream = new YamlStream(new YamlDocument(root));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        return "# yaml-language-server: $schema=../schemas/scenario.schema.json\n" + writer.ToString().TrimEnd().TrimEnd('.').TrimEnd() + "\n";
    }

    private YamlMappingNode Rule(FaultPlacement placement, FaultAction? weakened, YamlSequenceNode? originalRules)
    {
        if (originalRules is null || placement.RuleIndex < 0 || placement.RuleIndex >= originalRules.Children.Count
            || originalRules.Children[placement.RuleIndex] is not YamlMappingNode originalRule
            || !originalRule.Children.TryGetValue(new YamlScalarNode("action"), out var action))
        {
            throw new ScenarioLoadException(_file, $"the run's decision '{placement}' names rule {placement.RuleIndex + 1}, which the scenario file does not have (was it changed since the run?)");
        }

        var match = new YamlMappingNode { Style = MappingStyle.Flow };
        match.Add("direction", YamlChoices.NameOf(placement.Direction));
        match.Add("session", placement.Session.ToString(CultureInfo.InvariantCulture));
        match.Add("kind", YamlChoices.NameOf(placement.Kind));
        if (!RuleMessageKinds.NeverNumbered(placement.Kind, placement.Direction) && placement.Number > 0)
        {
            match.Add("messages", placement.Number.ToString(CultureInfo.InvariantCulture));
        }

        match.Add("attempt", placement.Attempt.ToString(CultureInfo.InvariantCulture));
        return new YamlMappingNode
        {
            { "name", new YamlScalarNode(placement.ToString()) { Style = ScalarStyle.DoubleQuoted } },
            { "match", match },
            { "action", weakened is null ? action : FaultActionYaml.Write(weakened) },
        };
    }
}

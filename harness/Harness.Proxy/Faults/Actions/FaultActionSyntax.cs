using Harness.Yaml;
using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Faults.Actions;

/// <summary>An action as written: its name's node and its parameters (null for a bare name or a null value).</summary>
public sealed record FaultActionSyntax(YamlScalarNode Name, YamlNode? ParameterNode, YamlValueReader Values)
{
    /// <summary>The parameters as a strict mapping of <paramref name="knownKeys"/>; a bare name reads as no parameters.</summary>
    public YamlMappingReader Parameters(params IReadOnlyList<string> knownKeys) =>
        Values.OptionalMapping(ParameterNode, Name, $"'{Name.Value}'", knownKeys);

    /// <summary>An error at <paramref name="node"/> (file, line, column).</summary>
    public ScenarioLoadException Error(YamlNode node, string message) => Values.Error(node, message);
}

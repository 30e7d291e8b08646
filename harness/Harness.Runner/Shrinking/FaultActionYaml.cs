using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Yaml;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Harness.Runner.Shrinking;

/// <summary>
/// A rule's <c>action:</c> written back as YAML, as docs/fault-plan.md spells it, for the actions shrinking can
/// weaken: the loader reads the node back as an equal action. Every parameter is written, defaults too, so the
/// shrunk file states what was run.
/// </summary>
public static class FaultActionYaml
{
    /// <exception cref="NotSupportedException">An action <see cref="FaultWeakening"/> never makes (shrinking copies those as written).</exception>
    public static YamlNode Write(FaultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var parameters = action switch
        {
            DelayAction { Distribution: FixedDelay fixedDelay } => (YamlNode)Duration(fixedDelay.Delay),
            DelayAction { Distribution: UniformDelay uniform } => Flow(("uniform", new YamlSequenceNode(Duration(uniform.Min), Duration(uniform.Max)) { Style = SequenceStyle.Flow })),
            DelayAction { Distribution: NormalDelay normal } => Flow(("normal", Flow(("mean", Duration(normal.Mean)), ("stddev", Duration(normal.StandardDeviation))))),
            DuplicateAction duplicate => Flow(("copies", Number(duplicate.Copies))),
            ReorderAction reorder => Flow(("after", Number(reorder.AfterMessages)), ("max-hold", Duration(reorder.MaxHold))),
            CorruptAction { Mode: CorruptionMode.Flip } flip => Flow(("mode", Name(flip.Mode)), ("bytes", Number(flip.Bytes))),
            CorruptAction truncate => Flow(("mode", Name(truncate.Mode)), ("keep", new YamlScalarNode(truncate.Keep.ToString("0.####", CultureInfo.InvariantCulture)))),
            DropAction drop => Flow(("answer", Name(drop.Answer))),
            DropResponseAction dropResponse => Flow(("answer", Name(dropResponse.Answer))),
            PartitionAction { IsInForce: false } partition => Flow(("for", Duration(partition.Duration)), ("answer", Name(partition.Answer))),
            _ => throw new NotSupportedException($"'{action.Describe()}' is never weakened, so it is never written back"),
        };
        return Flow((action.Name, parameters));
    }

    private static YamlMappingNode Flow(params (string Key, YamlNode Value)[] entries)
    {
        var mapping = new YamlMappingNode { Style = MappingStyle.Flow };
        foreach (var (key, value) in entries)
        {
            mapping.Add(key, value);
        }

        return mapping;
    }

    private static YamlScalarNode Duration(TimeSpan duration) => new(FaultText.Duration(duration));

    private static YamlScalarNode Number(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static YamlScalarNode Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => new(YamlChoices.NameOf(value));
}

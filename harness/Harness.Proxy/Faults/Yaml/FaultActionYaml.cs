using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Faults.Yaml;

/// <summary>
/// Reads a rule's <c>action:</c>, a bare name (<c>drop</c>) or a single-key mapping from the name to its parameters
/// (<c>{duplicate: {copies: 2}}</c>). See docs/fault-plan.md.
/// </summary>
internal static class FaultActionYaml
{
    public static readonly YamlChoices<Func<ActionSyntax, FaultAction>> Actions = new(
        "action",
        [
            Action("drop", ReadDrop),
            Action("drop-response", ReadDropResponse),
            Action("duplicate", ReadDuplicate),
            Action("delay", ReadDelay),
            Action("reorder", ReadReorder),
            Action("http-error", ReadHttpError),
            Action("abort", ReadAbort),
            Action("partition", ReadPartition),
            Action("corrupt", ReadCorrupt),
        ]);

    public static readonly YamlChoices<LostAnswer> Answers = YamlChoices.FromEnum<LostAnswer>("answer");
    public static readonly YamlChoices<CorruptionMode> CorruptionModes = YamlChoices.FromEnum<CorruptionMode>("mode");
    private static readonly string[] DelayForms = ["fixed", "uniform", "normal"];

    // ReorderAction and HttpErrorAction have no defaults in the model; these are the YAML ones.
    private const int DefaultReorderAfter = 1;
    private const int DefaultHttpErrorStatus = 503;
    private static readonly TimeSpan DefaultReorderMaxHold = TimeSpan.FromSeconds(1);

    public static FaultAction Read(YamlNode node, YamlValueReader values)
    {
        if (node is YamlMappingNode { Children.Count: > 1 } several)
        {
            var second = several.Children.ElementAt(1).Key;
            throw values.Error(second, $"an action mapping has a single key, the action's name; found a second key {YamlValueReader.Describe(second)}");
        }

        var (name, parameters) = node switch
        {
            YamlScalarNode when !YamlValueReader.IsNull(node) => (node, null),
            YamlMappingNode { Children.Count: 1 } mapping => (mapping.Children.First().Key, mapping.Children.First().Value),
            _ => throw values.Error(node, $"'action' must be an action name or {{name: parameters}}, got {YamlValueReader.Describe(node)}; {Actions.Expected}"),
        };

        // Choice succeeds only for a scalar name, hence the cast.
        var read = values.Choice(name, Actions);
        return read(new ActionSyntax((YamlScalarNode)name, YamlValueReader.IsNull(parameters) ? null : parameters, values));
    }

    private static KeyValuePair<string, Func<ActionSyntax, FaultAction>> Action(string name, Func<ActionSyntax, FaultAction> read) => new(name, read);

    private static FaultAction ReadDrop(ActionSyntax action) => new DropAction(ReadAnswer(action, new DropAction().Answer));

    private static FaultAction ReadDropResponse(ActionSyntax action) => new DropResponseAction(ReadAnswer(action, new DropResponseAction().Answer));

    /// <summary>The <c>answer</c> parameter, the only one of drop and drop-response.</summary>
    private static LostAnswer ReadAnswer(ActionSyntax action, LostAnswer byDefault) =>
        action.Parameters("answer").Choice("answer", Answers, byDefault);

    private static FaultAction ReadDuplicate(ActionSyntax action)
    {
        var duplicate = new DuplicateAction();
        return duplicate with { Copies = action.Parameters("copies").Int("copies", min: 1) ?? duplicate.Copies };
    }

    /// <summary><c>{delay: 200ms}</c>, or one of <c>fixed</c>, <c>uniform: [min, max]</c>, <c>normal: {mean, stddev}</c>.</summary>
    private static FaultAction ReadDelay(ActionSyntax action)
    {
        var values = action.Values;
        switch (action.ParameterNode)
        {
            case YamlScalarNode shorthand:
                return new DelayAction(new FixedDelay(values.Duration(shorthand, "'delay'")));
            case YamlSequenceNode list:
                throw values.Error(list, $"'delay' must be a duration or a mapping with one of {string.Join(", ", DelayForms)}, got a list");
        }

        var delay = action.Parameters(DelayForms);
        var form = delay.ExactlyOneOf("{delay: 200ms}", DelayForms);
        var node = delay.Required(form);
        return new DelayAction(form switch
        {
            "fixed" => new FixedDelay(values.Duration(node, "'fixed'")),
            "uniform" => ReadUniformDelay(node, values),
            _ => ReadNormalDelay(node, values),
        });
    }

    private static UniformDelay ReadUniformDelay(YamlNode node, YamlValueReader values)
    {
        if (node is not YamlSequenceNode { Children: [var minNode, var maxNode] })
        {
            throw values.Error(node, $"'uniform' must be a list of two durations [min, max], got {YamlValueReader.Describe(node)}");
        }

        var min = values.Duration(minNode, "'uniform' min");
        var max = values.Duration(maxNode, "'uniform' max");
        return min <= max
            ? new UniformDelay(min, max)
            : throw values.Error(maxNode, $"'uniform' max {YamlValueReader.Describe(maxNode)} is less than min {YamlValueReader.Describe(minNode)}");
    }

    private static NormalDelay ReadNormalDelay(YamlNode node, YamlValueReader values)
    {
        const string Example = "e.g. {normal: {mean: 100ms, stddev: 20ms}}";
        var normal = values.Mapping(node, "'normal'", "mean", "stddev");
        return new NormalDelay(
            values.Duration(normal.Required("mean", Example), "'mean'"),
            values.Duration(normal.Required("stddev", Example), "'stddev'"));
    }

    private static FaultAction ReadReorder(ActionSyntax action)
    {
        var reorder = action.Parameters("after", "max-hold");
        return new ReorderAction(
            reorder.Int("after", min: 1) ?? DefaultReorderAfter,
            reorder.Duration("max-hold", allowZero: false) ?? DefaultReorderMaxHold);
    }

    private static FaultAction ReadHttpError(ActionSyntax action) =>
        new HttpErrorAction(action.Parameters("status").Int("status", min: 400, max: 599) ?? DefaultHttpErrorStatus);

    private static FaultAction ReadAbort(ActionSyntax action)
    {
        _ = action.Parameters(); // rejects any parameter
        return new AbortAction();
    }

    private static FaultAction ReadPartition(ActionSyntax action)
    {
        var parameters = action.Parameters("for", "answer");
        var duration = action.Values.Duration(parameters.Required("for", "e.g. {partition: {for: 3s}}"), "'for'", allowZero: false);
        var partition = new PartitionAction(duration);
        return partition with { Answer = parameters.Choice("answer", Answers, partition.Answer) };
    }

    /// <summary><c>bytes</c> goes with mode <c>flip</c> and <c>keep</c> with <c>truncate</c>; the other one is a mistake.</summary>
    private static FaultAction ReadCorrupt(ActionSyntax action)
    {
        var parameters = action.Parameters("mode", "bytes", "keep");
        var corrupt = new CorruptAction(parameters.Choice("mode", CorruptionModes, CorruptionMode.Flip));
        var (misplacedKey, itsMode) = corrupt.Mode == CorruptionMode.Flip ? ("keep", "truncate") : ("bytes", "flip");
        if (parameters.KeyNode(misplacedKey) is { } misplaced)
        {
            throw action.Values.Error(misplaced, $"'{misplacedKey}' applies only to mode {itsMode}");
        }

        return corrupt with
        {
            Bytes = parameters.Int("bytes", min: 1) ?? corrupt.Bytes,
            Keep = parameters.Double("keep", 0, 1, maxInclusive: false) ?? corrupt.Keep,
        };
    }

    /// <summary>An action as written: its name's node and its parameters (null for a bare name or a null value).</summary>
    internal sealed record ActionSyntax(YamlScalarNode Name, YamlNode? ParameterNode, YamlValueReader Values)
    {
        /// <summary>The parameters as a strict mapping; a bare name reads as no parameters, reported at the name.</summary>
        public YamlMappingReader Parameters(params IReadOnlyList<string> knownKeys) =>
            Values.OptionalMapping(ParameterNode, Name, $"'{Name.Value}'", knownKeys);
    }
}

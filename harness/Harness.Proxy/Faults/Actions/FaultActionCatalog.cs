using System.Reflection;
using Harness.Yaml;
using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Faults.Actions;

/// <summary>
/// The actions a fault plan may name, found by their <see cref="IFaultActionSyntax"/>: adding an action is adding
/// its type. A rule's <c>action:</c> is a bare name (<c>drop</c>) or a single-key mapping from the name to its
/// parameters (<c>{duplicate: {copies: 2}}</c>); see docs/fault-plan.md.
/// </summary>
public sealed class FaultActionCatalog
{
    private readonly IReadOnlyList<KeyValuePair<string, Func<FaultActionSyntax, FaultAction>>> _readers;

    private FaultActionCatalog(IReadOnlyList<KeyValuePair<string, Func<FaultActionSyntax, FaultAction>>> readers)
    {
        _readers = readers;
        Choices = new YamlChoices<Func<FaultActionSyntax, FaultAction>>("action", readers);
    }

    /// <summary>Every action of the product, in alphabetical order (the order error messages list them).</summary>
    public static FaultActionCatalog BuiltIn { get; } = new(
    [
        .. typeof(FaultAction).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsClass: true } && type.IsAssignableTo(typeof(FaultAction)) && type.IsAssignableTo(typeof(IFaultActionSyntax)))
            .Select(type => (KeyValuePair<string, Func<FaultActionSyntax, FaultAction>>)typeof(FaultActionCatalog)
                .GetMethod(nameof(Entry), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type)
                .Invoke(null, null)!)
            .OrderBy(entry => entry.Key, StringComparer.Ordinal),
    ]);

    public YamlChoices<Func<FaultActionSyntax, FaultAction>> Choices { get; }

    /// <summary>Every action name, in the order messages list them.</summary>
    public IReadOnlyList<string> Names => Choices.Names;

    /// <summary>This catalog and <typeparamref name="TAction"/> (which replaces an action of the same name).</summary>
    public FaultActionCatalog With<TAction>()
        where TAction : FaultAction, IFaultActionSyntax
    {
        var added = Entry<TAction>();
        return new([.. _readers.Where(entry => entry.Key != added.Key), added]);
    }

    /// <summary>
    /// This catalog with <typeparamref name="TAction"/> in place of the action of the same name, which must be in it: a
    /// name that matches nothing would add an action no plan uses instead of changing the one plans name.
    /// </summary>
    public FaultActionCatalog Replacing<TAction>()
        where TAction : FaultAction, IFaultActionSyntax
    {
        var replacement = Entry<TAction>();
        if (!Names.Contains(replacement.Key, StringComparer.Ordinal))
        {
            throw new ArgumentException($"{typeof(TAction).Name} is named '{replacement.Key}', which no action of this catalog has; expected one of {string.Join(", ", Names)}.", nameof(TAction));
        }

        return new([.. _readers.Select(entry => entry.Key == replacement.Key ? replacement : entry)]);
    }

    /// <summary>Reads a rule's <c>action:</c> value.</summary>
    public FaultAction Read(YamlNode node, YamlValueReader values)
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
            _ => throw values.Error(node, $"'action' must be an action name or {{name: parameters}}, got {YamlValueReader.Describe(node)}; {Choices.Expected}"),
        };

        // Choice succeeds only for a scalar name, hence the cast.
        var read = values.Choice(name, Choices);
        return read(new FaultActionSyntax((YamlScalarNode)name, YamlValueReader.IsNull(parameters) ? null : parameters, values));
    }

    private static KeyValuePair<string, Func<FaultActionSyntax, FaultAction>> Entry<TAction>()
        where TAction : FaultAction, IFaultActionSyntax =>
        new(TAction.YamlName, TAction.Read);
}

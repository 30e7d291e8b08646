using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Faults.Yaml;
using Harness.Yaml;

namespace Harness.Proxy.Tests.Faults.Actions;

/// <summary>Which actions a catalog reads a plan's names with: the built-in ones, one added, or one put in place of another.</summary>
public class FaultActionCatalogTests
{
    [Test]
    public void Replacing_reads_the_built_in_name_with_the_replacement_and_keeps_every_other_action()
    {
        var catalog = FaultActionCatalog.BuiltIn.Replacing<SilentDropAction>();

        Read("drop", catalog).Should().Be(new SilentDropAction());
        Read("{duplicate: {copies: 2}}", catalog).Should().Be(new DuplicateAction(2));
        catalog.Names.Should().Equal(FaultActionCatalog.BuiltIn.Names, "the replacement takes the built-in's place, so messages list the same names in the same order");
    }

    [Test]
    public void Replacing_leaves_the_built_in_catalog_unchanged()
    {
        _ = FaultActionCatalog.BuiltIn.Replacing<SilentDropAction>();

        Read("drop", FaultActionCatalog.BuiltIn).Should().Be(new DropAction(LostAnswer.Empty202));
    }

    [Test]
    public void Replacing_an_action_the_catalog_lacks_is_refused_naming_the_choices()
    {
        var replace = () => FaultActionCatalog.BuiltIn.Replacing<UnknownNameAction>();

        replace.Should().Throw<ArgumentException>().WithMessage("*UnknownNameAction is named 'dorp'*expected one of abort, corrupt, delay, drop, *");
    }

    [Test]
    public void With_adds_a_new_name_where_Replacing_would_refuse_it()
    {
        var catalog = FaultActionCatalog.BuiltIn.With<UnknownNameAction>();

        catalog.Names.Should().Contain("dorp").And.Contain(FaultActionCatalog.BuiltIn.Names);
        Read("dorp", catalog).Should().Be(new UnknownNameAction());
    }

    private static FaultAction Read(string action, FaultActionCatalog catalog) =>
        FaultPlanYaml.ParseFaults(YamlSource.Parse($"- action: {action}\n", "faults.yaml")!, "faults.yaml", catalog).Rules.Single().Action;

    /// <summary>Answers every message with nothing but never touches it: a stand-in under the built-in <c>drop</c>'s name.</summary>
    private sealed record SilentDropAction : FaultAction, IFaultActionSyntax
    {
        public static string YamlName => "drop";

        public override string Name => YamlName;

        public override FaultLegend Legend => new("?", "silent drop");

        public static FaultAction Read(FaultActionSyntax syntax)
        {
            syntax.Parameters("answer");
            return new SilentDropAction();
        }

        public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken) =>
            ValueTask.FromResult(FaultOutcome.Pass());

        public override string Describe() => "silent drop";
    }

    /// <summary>A misspelled name, which no built-in action has.</summary>
    private sealed record UnknownNameAction : FaultAction, IFaultActionSyntax
    {
        public static string YamlName => "dorp";

        public override string Name => YamlName;

        public override FaultLegend Legend => new("?", "dorp");

        public static FaultAction Read(FaultActionSyntax syntax) => new UnknownNameAction();

        public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken) =>
            ValueTask.FromResult(FaultOutcome.Pass());

        public override string Describe() => "dorp";
    }
}

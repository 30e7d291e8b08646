using Harness.Proxy.Faults.Actions;
using Harness.Reliability.Destination;
using Harness.Reliability.Source;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Runner.Tests.Mutants;

/// <summary>The part of the harness a mutant breaks.</summary>
public enum MutantLayer
{
    /// <summary>The journal service's WS-RM destination (<see cref="DestinationDefects"/>).</summary>
    Destination,

    /// <summary>The harness's own WS-RM source, the harness client (<see cref="SourceDefects"/>).</summary>
    Source,

    /// <summary>A fault action of the proxy (<see cref="BrokenProxyActions"/>).</summary>
    Proxy,
}

/// <summary>
/// A deliberately broken variant of the harness that the suite must kill, and how a run is given it: destination and
/// source defects through <see cref="RunOptions"/>, a broken proxy action through the catalog a scenario is loaded with.
/// </summary>
/// <param name="Name">Stable: docs/mutants.md names it.</param>
/// <param name="Breaks">What goes wrong, as docs/mutants.md says it.</param>
public sealed record Mutant(string Name, MutantLayer Layer, string Breaks)
{
    public DestinationDefects DestinationDefects { get; init; }

    public SourceDefects SourceDefects { get; init; }

    /// <summary>The actions the mutant's scenarios are loaded with; a proxy mutant puts a broken one in place of a built-in.</summary>
    public FaultActionCatalog Actions { get; init; } = FaultActionCatalog.BuiltIn;

    /// <summary>Library scenario <paramref name="fileName"/> for <paramref name="client"/>, its fault actions read with <see cref="Actions"/>.</summary>
    public Scenario LibraryScenario(string fileName, ClientKind client)
    {
        var path = RepositoryFiles.PathOf("scenarios", fileName);
        return ScenarioLoader.Parse(YamlSource.ReadFile(path), path, Actions).ForClient(client)
            ?? throw new ArgumentException($"{fileName} does not run with the {ScenarioLoader.Clients.NameOf(client)} client", nameof(client));
    }

    /// <summary>The run options with the mutant's defects added.</summary>
    public RunOptions Apply(RunOptions options) => options with
    {
        Defects = options.Defects | DestinationDefects,
        SourceDefects = options.SourceDefects | SourceDefects,
    };

    public override string ToString() => Name;
}

/// <summary>Every mutant the suite must kill; docs/mutants.md has one row for each (<see cref="MutantTableTests"/>).</summary>
public static class MutantCatalog
{
    public static IReadOnlyList<Mutant> All { get; } =
    [
        Destination(DestinationDefects.NoDuplicateSuppression, "a retransmitted or copied message is delivered again"),
        Destination(DestinationDefects.AcknowledgeNextUnreceived, "acknowledgement ranges are off by one: they cover the message after the highest delivered before it arrives"),
        Destination(DestinationDefects.DeliverOnArrival, "an ordered session delivers each message on arrival, before the gap ahead of it is filled"),
        Destination(DestinationDefects.AcknowledgeDamagedBody, "a message whose body could not be read is acknowledged, and its intact resend is never delivered"),
        Destination(DestinationDefects.AcknowledgeDiscarded, "a message discarded on arrival (the buffer full) is acknowledged all the same, so it is never sent again"),
        Destination(DestinationDefects.DropLastMessage, "the last one-way message of a sequence is acknowledged but never delivered"),
        Destination(DestinationDefects.ReplyToWrongCall, "the reply cache answers a retransmitted request with the reply of the call before it"),
        Source(SourceDefects.NoRetransmissionOnNack, "a Nack does not make the source send the message again; it waits out its timer"),
        Source(SourceDefects.RenumberRetransmission, "a retransmission goes out with a new message number instead of its own"),
        Source(SourceDefects.WrongLastMessageNumber, "the close names the last message one too low (1.1 LastMsgNumber, February 2005 LastMessage)"),
        Source(SourceDefects.AcknowledgeUnreceivedReply, "the acknowledgement of the offered reply sequence covers a reply the source never received"),
        Proxy<BrokenProxyActions.DropThatForwards>("DropForwardsAnyway", "drop forwards the message anyway"),
        Proxy<BrokenProxyActions.DuplicateThatSendsOneCopy>("DuplicateSendsOneCopy", "duplicate sends only the one copy the client sent"),
        Proxy<BrokenProxyActions.ReorderThatReleasesInOrder>("ReorderReleasesInOrder", "reorder releases the message at once, in order"),
    ];

    public static Mutant Named(string name) =>
        All.SingleOrDefault(mutant => mutant.Name == name) ?? throw new ArgumentException($"no mutant is named '{name}'", nameof(name));

    private static Mutant Destination(DestinationDefects defect, string breaks) =>
        new(defect.ToString(), MutantLayer.Destination, breaks) { DestinationDefects = defect };

    private static Mutant Source(SourceDefects defect, string breaks) =>
        new(defect.ToString(), MutantLayer.Source, breaks) { SourceDefects = defect };

    private static Mutant Proxy<TAction>(string name, string breaks)
        where TAction : FaultAction, IFaultActionSyntax =>
        new(name, MutantLayer.Proxy, breaks) { Actions = FaultActionCatalog.BuiltIn.Replacing<TAction>() };
}

using Harness.Proxy.Faults;
using Harness.Reliability.Settings;
using Harness.WcfClient.Binding;

namespace Harness.Runner.Scenarios;

/// <summary>
/// One scenario file (docs/scenarios.md): a workload run over reliable sessions with <see cref="Settings"/>, through
/// the fault proxy applying <see cref="Faults"/>, and what the checker is expected to conclude.
/// </summary>
/// <param name="Name">Unique across a scenario library; <c>[a-z0-9-]+</c> so it can name report files and test cases.</param>
/// <param name="Description">What the scenario proves, for the report.</param>
/// <param name="Seed">Seed of every random choice, so a run repeats.</param>
/// <param name="Settings">The reliable-session settings used; the report states them.</param>
/// <param name="Workload">What the clients send.</param>
/// <param name="Faults">The proxy's rules.</param>
/// <param name="Expect">The verdict the run must reach for the scenario to pass, with <see cref="Client"/>.</param>
/// <param name="TimeLimit">The run is stopped, and fails, after this long.</param>
/// <param name="File">The file the scenario was read from, for reports and errors.</param>
public sealed record Scenario(
    string Name,
    string Description,
    long Seed,
    ReliableSessionSettings Settings,
    Workload Workload,
    FaultPlan Faults,
    Expectation Expect,
    TimeSpan TimeLimit,
    string File)
{
    public const long DefaultSeed = 1;

    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The one empty <see cref="ExpectByClient"/>, shared so that scenarios with one expectation for every client
    /// compare equal (a record compares the dictionary by reference).
    /// </summary>
    internal static readonly IReadOnlyDictionary<ClientKind, Expectation> SameForEveryClient = new Dictionary<ClientKind, Expectation>();

    /// <summary>The client that drives the sessions: the real WCF client unless the scenario needs the harness's own.</summary>
    public ClientKind Client { get; init; } = ClientKind.Wcf;

    /// <summary>The WCF client's binding (the harness's client speaks the custom binding's wire format).</summary>
    public WcfBindingKind Binding { get; init; } = WcfBindingKind.Custom;

    /// <summary>The contract the client's channel is typed with.</summary>
    public ContractShape Contract { get; init; } = ContractShape.Mixed;

    /// <summary>Expectations stated per client, where the clients differ; empty when <see cref="Expect"/> holds for every client.</summary>
    public IReadOnlyDictionary<ClientKind, Expectation> ExpectByClient { get; init; } = SameForEveryClient;

    /// <summary>
    /// The clients the scenario can run with: a scenario that names <c>client: harness</c> needs the harness's client
    /// (its description says why), one with <c>binding: wshttp</c> needs WCF's WSHttpBinding; any other runs with both.
    /// </summary>
    public IReadOnlyList<ClientKind> Clients => ClientsFor(NeedsHarnessClient ? ClientKind.Harness : ClientKind.Wcf, Binding);

    /// <summary>
    /// True when the file names <c>client: harness</c>: the scenario needs the harness's client whichever client a run
    /// asks for (<see cref="Client"/> is the one it runs with, which <see cref="ForClient"/> changes).
    /// </summary>
    public bool NeedsHarnessClient { get; init; }

    /// <summary>The clients a scenario with this <c>client</c> and <c>binding</c> can run with; see <see cref="Clients"/>.</summary>
    internal static IReadOnlyList<ClientKind> ClientsFor(ClientKind client, WcfBindingKind binding) => (client, binding) switch
    {
        (ClientKind.Harness, _) => [ClientKind.Harness],
        (_, WcfBindingKind.WSHttp) => [ClientKind.Wcf],
        _ => [ClientKind.Wcf, ClientKind.Harness],
    };

    /// <summary>The scenario as run with <paramref name="client"/>, with that client's expectation; null when the scenario cannot run with it.</summary>
    public Scenario? ForClient(ClientKind client) =>
        Clients.Contains(client) ? this with { Client = client, Expect = ExpectByClient.GetValueOrDefault(client, Expect) } : null;

    /// <summary>Why the scenario cannot run with <paramref name="client"/>; null when it can.</summary>
    public string? NotApplicableTo(ClientKind client) => Clients.Contains(client) ? null : NeedsHarnessClient
        ? "it needs the harness's own client (client: harness)"
        : "it needs WCF's WSHttpBinding (binding: wshttp), which only the WCF client has";
}

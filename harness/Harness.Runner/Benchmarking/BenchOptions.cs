namespace Harness.Runner.Benchmarking;

/// <summary>
/// How much <c>harness bench</c> measures. <see cref="Default"/> takes about 90 s on a 2-core machine, well under
/// three minutes even when it is busy; <see cref="Quick"/> measures every figure with tiny runs, for tests and a first
/// look.
/// </summary>
public sealed record BenchOptions
{
    public static readonly BenchOptions Default = new();

    /// <summary>Every figure, from one round of small runs: seconds instead of minutes, and noisier.</summary>
    public static readonly BenchOptions Quick = new()
    {
        Rounds = 1,
        CallsPerRun = 200,
        LossRounds = 1,
        LossCallsPerRun = 100,
        LossRunTimeLimit = TimeSpan.FromSeconds(5),
        MemorySessions = 4,
        MemoryMessages = 50,
        WarmUpCalls = 40,
    };

    /// <summary>The loss rates measured besides lossless; the goodput goal is stated at the higher one.</summary>
    public static IReadOnlyList<double> LossRates { get; } = [0.01, 0.10];

    /// <summary>Rounds of the path comparison; each round runs every path once per client, back to back.</summary>
    public int Rounds { get; init; } = 7;

    /// <summary>Calls of one run of the path comparison, over all its sessions.</summary>
    public int CallsPerRun { get; init; } = 3_000;

    /// <summary>Sessions of every run but the memory run.</summary>
    public int Sessions { get; init; } = 2;

    /// <summary>Calls in flight per session: WCF's default transfer window, so the window is what limits them.</summary>
    public int CallsInFlight { get; init; } = 8;

    public int PayloadSize { get; init; } = 64;

    /// <summary>Rounds of the loss comparison; each round runs lossless and every loss rate once per client.</summary>
    public int LossRounds { get; init; } = 3;

    /// <summary>Calls of one loss run, unless <see cref="LossRunTimeLimit"/> stops it first.</summary>
    public int LossCallsPerRun { get; init; } = 2_000;

    /// <summary>
    /// A loss run is stopped after this long, and what was delivered by then counts over this time. Each lost message
    /// stalls its session for a retransmission timeout, which is seconds for the real WCF client, so without this
    /// bound a lossy WCF run would take minutes; the bound keeps the bench's length known in advance.
    /// </summary>
    public TimeSpan LossRunTimeLimit { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Seed of the first loss round's drop decisions; round n uses seed + n, so rounds lose other messages.</summary>
    public long Seed { get; init; } = 1;

    public int MemorySessions { get; init; } = 20;

    public int MemoryMessages { get; init; } = 1_000;

    /// <summary>Calls of each warm-up run (not measured): JIT, connection pools and WCF's first channel factory.</summary>
    public int WarmUpCalls { get; init; } = 200;

    /// <summary>Every run is stopped after this long; a stopped run's figures are kept and a note says so.</summary>
    public TimeSpan RunTimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Sessions of the memory run never exceed this, so every session is created at once.</summary>
    internal const int MaxSessions = 1_000;

    /// <summary>The first problem with these sizes, or null when they can run.</summary>
    public string? Problem()
    {
        return Rounds < 1 || LossRounds < 1 ? "rounds must be at least 1"
            : Sessions < 1 || CallsInFlight < 1 || PayloadSize < 1 ? "sessions, calls in flight and payload size must be at least 1"
            : CallsPerRun < Sessions || LossCallsPerRun < Sessions ? "every run needs at least one call per session"
            : MemorySessions is < 1 or > MaxSessions || MemoryMessages < 1 ? $"the memory run needs 1 to {MaxSessions} sessions of at least one message"
            : WarmUpCalls < Sessions ? "the warm-up needs at least one call per session"
            : RunTimeLimit <= TimeSpan.Zero || LossRunTimeLimit <= TimeSpan.Zero ? "the run time limits must be positive"
            : null;
    }
}

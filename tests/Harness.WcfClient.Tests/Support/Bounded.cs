namespace Harness.WcfClient.Tests.Support;

/// <summary>Every wait in these tests has a bound, so a hang fails the test instead of the CI job.</summary>
internal static class Bounded
{
    /// <summary>A generous bound for one test: a lost message costs the WCF client 0.5–2 s, a test makes few.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    public static CancellationTokenSource Test() => new(TestTimeout);
}

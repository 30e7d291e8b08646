namespace Harness.Reliability.Source;

/// <summary>Opens client sessions of the journal contract, reliable or not as the settings say.</summary>
public static class JournalClient
{
    public static async Task<IJournalSession> OpenSessionAsync(HttpClient http, Uri endpoint, SessionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Settings.Enabled
            ? await ReliableSession.OpenAsync(http, endpoint, options, cancellationToken).ConfigureAwait(false)
            : new UnreliableSession(http, endpoint, options);
    }

    /// <summary>An HttpClient suited to the harness: pooled loopback connections, no proxy, no cookies.</summary>
    public static HttpClient CreateHttpClient(int maxConnections = 64) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // every call has its own bound (SendTimeout)
    };
}

using System.Globalization;

namespace Harness.Reliability.Source;

/// <summary>
/// HTTP headers a session puts on its requests so that a fault proxy in front of the service can tell it apart: one
/// naming the session on every request, and one numbering each call that carries no WS-RM message number (the
/// reliable session off). The header names are the proxy's; the runner passes them in.
/// </summary>
/// <param name="SessionHeader">The header naming the session, sent on every request.</param>
/// <param name="SessionValue">Its value, e.g. the session's index in the run.</param>
/// <param name="CallHeader">The header carrying an unreliable call's sequence number.</param>
public sealed record SessionLabels(string SessionHeader, string SessionValue, string CallHeader)
{
    /// <summary>Adds the session header, and the call header when <paramref name="callSequence"/> is given.</summary>
    public void AddTo(HttpRequestMessage request, int? callSequence)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.TryAddWithoutValidation(SessionHeader, SessionValue);
        if (callSequence is { } sequence)
        {
            request.Headers.TryAddWithoutValidation(CallHeader, sequence.ToString(CultureInfo.InvariantCulture));
        }
    }
}

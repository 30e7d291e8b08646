namespace Harness.Proxy.Decisions;

/// <summary>
/// HTTP headers a client may send so that the proxy tells its sessions and calls apart deterministically. The
/// harness's own clients send them (the runner labels each session, see <c>SessionLabels</c>); other clients send none
/// and the proxy then numbers sessions in the order their CreateSequence arrives.
/// </summary>
public static class SessionHeaders
{
    /// <summary>
    /// The 0-based index of the client session that sent the request. Fault decisions depend on it, so it must not
    /// depend on the order in which concurrent sessions happen to reach the proxy.
    /// </summary>
    public const string SessionIndex = "X-Harness-Session";

    /// <summary>
    /// The call's sequence number, on calls made with the reliable session off (the negative control), which carry no
    /// WS-RM message number. The proxy takes it as the message number, so rules that pick messages by number apply to
    /// the same calls with and without the reliable session.
    /// </summary>
    public const string CallSequence = "X-Harness-Call";
}

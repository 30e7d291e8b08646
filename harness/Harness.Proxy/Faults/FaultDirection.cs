namespace Harness.Proxy.Faults;

/// <summary>Which way a message travels through the proxy.</summary>
public enum FaultDirection
{
    /// <summary>From the client towards the service.</summary>
    Request,

    /// <summary>From the service back to the client.</summary>
    Response,

    /// <summary>Either way.</summary>
    Any,
}

namespace Harness.WcfClient.Binding;

/// <summary>Which WCF binding carries the sessions.</summary>
public enum WcfBindingKind
{
    /// <summary><c>CustomBinding(ReliableSessionBindingElement, TextMessageEncodingBindingElement, HttpTransportBindingElement)</c>: every setting applies.</summary>
    Custom,

    /// <summary><c>WSHttpBinding(SecurityMode.None, reliableSessionEnabled: true)</c>: only what WSHttpBinding exposes.</summary>
    WSHttp,
}

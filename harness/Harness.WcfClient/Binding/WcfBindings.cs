using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using Harness.Reliability.Settings;
using HarnessMessageVersion = Harness.Protocol.Versions.MessageVersion;
using HarnessRmVersion = Harness.Protocol.Versions.ReliableMessagingVersion;

namespace Harness.WcfClient.Binding;

/// <summary>
/// Builds the WCF binding a scenario's settings describe, each setting under WCF's own name, and says which settings
/// and combinations WCF cannot express (so a scenario asking for them is refused at load time, not silently changed).
/// </summary>
public static class WcfBindings
{
    /// <summary>Large enough for the library's largest payloads; WCF's 64 KiB default would refuse them with a 413.</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// The settings WSHttpBinding exposes besides the reliable session switch: its <c>ReliableSession.Ordered</c> and
    /// <c>ReliableSession.InactivityTimeout</c>, and its <c>SendTimeout</c>. Its message version is SOAP 1.2 +
    /// WS-Addressing 1.0 and its WS-RM version February 2005, both fixed.
    /// </summary>
    public static readonly IReadOnlySet<string> WSHttpSettings = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ReliableSessionSettings.Enabled),
        nameof(ReliableSessionSettings.Ordered),
        nameof(ReliableSessionSettings.InactivityTimeout),
        nameof(ReliableSessionSettings.SendTimeout),
    };

    /// <summary>Settings of the harness's own client that WCF has no knob for.</summary>
    public static readonly IReadOnlySet<string> HarnessOnlySettings = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ReliableSessionSettings.InitialRetransmissionTimeout),
        nameof(ReliableSessionSettings.MinRetransmissionTimeout),
    };

    /// <summary>Null when WCF can build this binding; otherwise why not, in a sentence.</summary>
    public static string? Unsupported(WcfBindingKind kind, ReliableSessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (kind == WcfBindingKind.WSHttp)
        {
            if (settings.MessageVersion != HarnessMessageVersion.Soap12WSAddressing10)
            {
                return $"WSHttpBinding always speaks SOAP 1.2 + WS-Addressing 1.0, not {settings.MessageVersion}; use 'binding: custom'";
            }

            if (settings.ReliableMessagingVersion != HarnessRmVersion.WSReliableMessagingFebruary2005)
            {
                return "WSHttpBinding always speaks WS-ReliableMessaging February 2005; use 'binding: custom' for WS-RM 1.1";
            }

            return null;
        }

        return null;
    }

    /// <summary>The binding for these settings; reliable or plain SOAP over HTTP as <see cref="ReliableSessionSettings.Enabled"/> says.</summary>
    public static System.ServiceModel.Channels.Binding Create(WcfBindingKind kind, ReliableSessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Unsupported(kind, settings) is { } reason)
        {
            throw new NotSupportedException(reason);
        }

        System.ServiceModel.Channels.Binding binding = kind == WcfBindingKind.WSHttp ? WSHttp(settings) : Custom(settings);
        binding.SendTimeout = settings.SendTimeout;
        binding.ReceiveTimeout = settings.InactivityTimeout;
        binding.OpenTimeout = settings.SendTimeout;
        binding.CloseTimeout = settings.SendTimeout;
        return binding;
    }

    private static WSHttpBinding WSHttp(ReliableSessionSettings settings)
    {
        var binding = new WSHttpBinding(SecurityMode.None, reliableSessionEnabled: settings.Enabled)
        {
            MaxReceivedMessageSize = MaxMessageSize,
            MaxBufferPoolSize = MaxMessageSize,
        };
        binding.ReaderQuotas.MaxStringContentLength = MaxMessageSize;
        if (settings.Enabled)
        {
            binding.ReliableSession.Ordered = settings.Ordered;
            binding.ReliableSession.InactivityTimeout = settings.InactivityTimeout;
        }

        return binding;
    }

    private static CustomBinding Custom(ReliableSessionSettings settings)
    {
        var encoding = new TextMessageEncodingBindingElement(MessageVersionOf(settings.MessageVersion), Encoding.UTF8);
        encoding.ReaderQuotas.MaxStringContentLength = MaxMessageSize;
        var transport = new HttpTransportBindingElement
        {
            MaxReceivedMessageSize = MaxMessageSize,
            MaxBufferSize = MaxMessageSize,
            MaxBufferPoolSize = MaxMessageSize,
        };
        if (!settings.Enabled)
        {
            return new CustomBinding(encoding, transport);
        }

        var reliableSession = new ReliableSessionBindingElement(settings.Ordered)
        {
            InactivityTimeout = settings.InactivityTimeout,
            AcknowledgementInterval = settings.AcknowledgementInterval,
            FlowControlEnabled = settings.FlowControlEnabled,
            MaxPendingChannels = settings.MaxPendingChannels,
            MaxRetryCount = settings.MaxRetryCount,
            MaxTransferWindowSize = settings.MaxTransferWindowSize,
            ReliableMessagingVersion = settings.ReliableMessagingVersion == HarnessRmVersion.WSReliableMessaging11
                ? ReliableMessagingVersion.WSReliableMessaging11
                : ReliableMessagingVersion.WSReliableMessagingFebruary2005,
        };
        return new CustomBinding(reliableSession, encoding, transport);
    }

    private static MessageVersion MessageVersionOf(HarnessMessageVersion version) =>
        (version.Soap == Protocol.Versions.SoapVersion.Soap12, version.Addressing == Protocol.Versions.AddressingVersion.WSAddressing10) switch
        {
            (true, true) => MessageVersion.Soap12WSAddressing10,
            (false, true) => MessageVersion.Soap11WSAddressing10,
            (true, false) => MessageVersion.Soap12WSAddressingAugust2004,
            (false, false) => MessageVersion.Soap11WSAddressingAugust2004,
        };
}

using Harness.Protocol.Versions;
using Harness.Reliability.Settings;
using Harness.Yaml;
using YamlDotNet.RepresentationModel;

namespace Harness.Runner.Scenarios;

/// <summary>
/// Reads a scenario's <c>settings:</c>, WCF's <c>ReliableSessionBindingElement</c> names in kebab-case. Missing keys
/// keep <see cref="ReliableSessionSettings.Default"/>; each value is range-checked where it is read, so the error points
/// at it, with the same limits as <see cref="ReliableSessionSettings.Validate"/>.
/// </summary>
internal static class ScenarioSettingsYaml
{
    public static readonly YamlChoices<ReliableMessagingVersion> ReliableMessagingVersions = new(
        "reliable-messaging-version",
        [.. ReliableMessagingVersion.All.Select(version => KeyValuePair.Create(version.ShortName, version))]);

    public static readonly YamlChoices<MessageVersion> MessageVersions = new(
        "message-version",
        [
            KeyValuePair.Create("soap12-wsa10", MessageVersion.Soap12WSAddressing10),
            KeyValuePair.Create("soap11-wsa10", MessageVersion.Soap11WSAddressing10),
            KeyValuePair.Create("soap12-wsa2004", MessageVersion.Soap12WSAddressingAugust2004),
            KeyValuePair.Create("soap11-wsa2004", MessageVersion.Soap11WSAddressingAugust2004),
        ]);

    public static readonly string[] Keys =
    [
        "reliable-session", "ordered", "reliable-messaging-version", "message-version", "inactivity-timeout",
        "acknowledgement-interval", "flow-control-enabled", "max-pending-channels", "max-retry-count",
        "max-transfer-window-size", "initial-retransmission-timeout", "min-retransmission-timeout", "send-timeout",
    ];

    private static readonly ReliableSessionSettings Defaults = ReliableSessionSettings.Default;

    /// <summary>The <see cref="ReliableSessionSettings"/> property a key sets: <c>max-retry-count</c> → <c>MaxRetryCount</c>, <c>reliable-session</c> → <c>Enabled</c>.</summary>
    public static string PropertyOf(string key) => key == "reliable-session"
        ? nameof(ReliableSessionSettings.Enabled)
        : string.Concat(key.Split('-').Select(word => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>The settings; a missing or null <paramref name="node"/> is the defaults.</summary>
    public static ReliableSessionSettings Read(YamlNode? node, YamlNode key, YamlValueReader values)
    {
        var settings = values.OptionalMapping(node, key, "'settings'", Keys);
        var read = new ReliableSessionSettings
        {
            Enabled = settings.Bool("reliable-session") ?? Defaults.Enabled,
            Ordered = settings.Bool("ordered") ?? Defaults.Ordered,
            ReliableMessagingVersion = settings.Choice("reliable-messaging-version", ReliableMessagingVersions, Defaults.ReliableMessagingVersion),
            MessageVersion = settings.Choice("message-version", MessageVersions, Defaults.MessageVersion),
            InactivityTimeout = settings.Duration("inactivity-timeout", allowZero: false) ?? Defaults.InactivityTimeout,
            AcknowledgementInterval = settings.Duration("acknowledgement-interval") ?? Defaults.AcknowledgementInterval,
            FlowControlEnabled = settings.Bool("flow-control-enabled") ?? Defaults.FlowControlEnabled,
            MaxPendingChannels = settings.Int("max-pending-channels", min: 1, max: 16384) ?? Defaults.MaxPendingChannels,
            MaxRetryCount = settings.Int("max-retry-count", min: 1) ?? Defaults.MaxRetryCount,
            MaxTransferWindowSize = settings.Int("max-transfer-window-size", min: 1, max: 4096) ?? Defaults.MaxTransferWindowSize,
            InitialRetransmissionTimeout = settings.Duration("initial-retransmission-timeout", allowZero: false) ?? Defaults.InitialRetransmissionTimeout,
            MinRetransmissionTimeout = settings.Duration("min-retransmission-timeout", allowZero: false) ?? Defaults.MinRetransmissionTimeout,
            SendTimeout = settings.Duration("send-timeout", allowZero: false) ?? Defaults.SendTimeout,
        };

        // A safety net should Validate() gain a rule the readers above do not yet check.
        try
        {
            return read.Validate();
        }
        catch (ArgumentException e)
        {
            throw values.Error(node ?? key, e.Message);
        }
    }
}

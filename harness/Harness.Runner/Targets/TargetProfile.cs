using System.Globalization;
using Harness.Protocol.Versions;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Targets;

/// <summary>A WS-RM version with a SOAP and WS-Addressing version: what one endpoint speaks (a CoreWCF endpoint speaks one).</summary>
public sealed record TargetDialect(ReliableMessagingVersion ReliableMessaging, MessageVersion Message)
{
    public static TargetDialect Of(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new TargetDialect(scenario.Settings.ReliableMessagingVersion, scenario.Settings.MessageVersion);
    }

    public override string ToString() => $"{ReliableMessaging.Name} with {Message}";
}

/// <summary>
/// What an external target speaks and accepts, found by <see cref="TargetProbe"/> or stated on the command line, and
/// therefore which scenarios can be judged against it. Scenarios it cannot serve are skipped with the reason, so
/// they are counted apart from failures.
/// </summary>
public sealed record TargetProfile
{
    /// <summary>Every dialect asked about: null when the target speaks it, else why not (its answer, or the option that said so).</summary>
    public IReadOnlyDictionary<TargetDialect, string?> Dialects { get; init; } = new Dictionary<TargetDialect, string?>();

    /// <summary>
    /// Null when the target takes messages without a reliable session (or it was not asked); else its answer to one.
    /// Negative controls are not meaningful against a target that refuses them: they would fail for that alone.
    /// </summary>
    public string? RefusesUnreliable { get; init; }

    /// <summary>Sequences the target holds at once (CoreWCF: <c>MaxPendingChannels</c>, 4 by default); null when unknown.</summary>
    public int? MaxSessions { get; init; }

    /// <summary>The largest message the target reads (CoreWCF: <c>MaxReceivedMessageSize</c>, 65,536 by default); null when unknown.</summary>
    public int? MaxMessageBytes { get; init; }

    /// <summary>
    /// Bytes a journal message adds to its payload (envelope, addressing and WS-RM headers, with room to spare), for
    /// telling in advance whether a scenario's messages fit <see cref="MaxMessageBytes"/>.
    /// </summary>
    public const int EnvelopeAllowanceBytes = 2_048;

    /// <summary>Why <paramref name="scenario"/> cannot be judged against this target; null when it can.</summary>
    public string? SkipReason(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (!scenario.Settings.Enabled)
        {
            if (RefusesUnreliable is { } answer)
            {
                return $"not meaningful against this target: it refuses messages without a reliable session ({answer}), so this negative control would fail for that alone, not for the injected faults";
            }
        }
        else if (Dialects.TryGetValue(TargetDialect.Of(scenario), out var refusal) && refusal is not null)
        {
            return $"the target does not speak {TargetDialect.Of(scenario)}: {refusal}";
        }

        if (scenario.Workload.Operation == WorkloadOperation.OneWay && scenario.Contract == ContractShape.OneWayOnly)
        {
            return "a one-way-only contract cannot be judged against an external target: only an Append's count tells what the target delivered, and this contract has none";
        }

        if (scenario.Workload.Operation == WorkloadOperation.OneWay && !scenario.Settings.Ordered)
        {
            return "an unordered one-way session cannot be judged against an external target: the Append that counts its deliveries at the end may be delivered before some of its Posts";
        }

        if (MaxSessions is { } maxSessions && scenario.Workload.Sessions > maxSessions)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it opens {scenario.Workload.Sessions} sessions at once and the target holds at most {maxSessions} (--target-max-sessions); it would refuse the rest as too busy");
        }

        if (MaxMessageBytes is { } maxBytes && scenario.Workload.PayloadSize + EnvelopeAllowanceBytes > maxBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"its payloads of {scenario.Workload.PayloadSize:N0} characters make messages larger than the {maxBytes:N0} bytes the target reads (--target-max-message-bytes); it would answer them 413 on every resend");
        }

        return null;
    }
}

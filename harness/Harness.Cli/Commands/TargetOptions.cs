using System.CommandLine;
using System.Globalization;
using Harness.Protocol.Versions;
using Harness.Runner.Scenarios;
using Harness.Runner.Targets;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness run --target</c>'s options stating what the external target speaks and accepts, and the probe that asks
/// it the rest before any scenario runs; what was found is printed, and scenarios it cannot serve are skipped.
/// </summary>
internal sealed class TargetOptions
{
    /// <summary>CoreWCF's default MaxPendingChannels, quoted in the help.</summary>
    private const int CoreWcfMaxPendingChannels = 4;

    private readonly Option<string?> _reliableMessaging = new("--target-rm")
    {
        Description = "The one WS-RM version the target speaks (a CoreWCF endpoint speaks one): 2005 or 11. Scenarios of the other are skipped. Default: asked by a probe.",
    };

    private readonly Option<string?> _messageVersion = new("--target-message-version")
    {
        Description = $"The one SOAP and WS-Addressing version the target speaks: {string.Join(", ", ScenarioLoader.MessageVersionNames)}. Scenarios of another are skipped. Default: asked by a probe.",
    };

    private readonly Option<int?> _maxSessions = new("--target-max-sessions")
    {
        Description = $"Sequences the target holds at once (CoreWCF's MaxPendingChannels, {CoreWcfMaxPendingChannels} by default); scenarios with more sessions are skipped. Default: not limited.",
    };

    private readonly Option<int?> _maxMessageBytes = new("--target-max-message-bytes")
    {
        Description = "The largest message the target reads (CoreWCF's MaxReceivedMessageSize, 65536 by default); scenarios whose messages are larger are skipped. Default: not limited.",
    };

    public TargetOptions()
    {
        _reliableMessaging.AcceptOnly([.. ScenarioLoader.ReliableMessagingVersionNames]);
        _messageVersion.AcceptOnly([.. ScenarioLoader.MessageVersionNames]);
        _maxSessions.AcceptWholeNumber(1, 1_000_000);
        _maxMessageBytes.AcceptWholeNumber(1_024, int.MaxValue);
    }

    public IEnumerable<Option> All => [_reliableMessaging, _messageVersion, _maxSessions, _maxMessageBytes];

    /// <summary>The first of these options the command line gives, or null: they mean nothing without --target.</summary>
    public string? FirstGiven(ParseResult parseResult) =>
        All.FirstOrDefault(option => parseResult.GetResult(option) is { Implicit: false })?.Name;

    /// <summary>States what the options say, probes the target for the rest, prints what it found and returns it; null (after saying why) when the target does not answer at all.</summary>
    public async Task<TargetProfile?> ProfileAsync(ParseResult parseResult, Uri target, IReadOnlyList<Scenario> scenarios, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ReliableMessagingVersion? rm = null;
        MessageVersion? message = null;
        if (parseResult.GetValue(_reliableMessaging) is { } rmName)
        {
            ScenarioLoader.ReliableMessagingVersions.TryGet(rmName, out var statedRm);
            rm = statedRm;
        }

        if (parseResult.GetValue(_messageVersion) is { } messageName)
        {
            ScenarioLoader.MessageVersions.TryGet(messageName, out var statedMessage);
            message = statedMessage;
        }

        if (await TargetProbe.UnreachableAsync(target, cancellationToken).ConfigureAwait(false) is { } unreachable)
        {
            await error.WriteLineAsync($"harness run: the target {target} does not answer ({unreachable}); nothing was run.").ConfigureAwait(false);
            return null;
        }

        var dialects = scenarios.Where(scenario => scenario.Settings.Enabled).Select(TargetDialect.Of).Distinct().ToList();
        var negativeControls = scenarios.Any(scenario => !scenario.Settings.Enabled);
        var stated = new Dictionary<TargetDialect, string?>();
        foreach (var dialect in dialects)
        {
            if ((rm is not null && dialect.ReliableMessaging != rm) || (message is not null && dialect.Message != message))
            {
                stated[dialect] = $"it speaks only {rm?.Name ?? "(any WS-RM version)"} with {message?.ToString() ?? "(any message version)"} (--target-rm, --target-message-version)";
            }
            else if (rm is not null && message is not null)
            {
                stated[dialect] = null;
            }
        }

        var known = new TargetProfile
        {
            Dialects = stated,
            MaxSessions = parseResult.GetValue(_maxSessions),
            MaxMessageBytes = parseResult.GetValue(_maxMessageBytes),
        };
        var asked = dialects.Count(dialect => !stated.ContainsKey(dialect));
        if (asked > 0 || negativeControls)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"asking {target} what it speaks ({asked} dialect(s){(negativeControls ? " and whether it takes messages without a reliable session" : string.Empty)}; at most {TargetProbe.QuestionTimeout.TotalSeconds:0} s each)...")).ConfigureAwait(false);
        }

        var profile = await TargetProbe.ProbeAsync(target, scenarios, known, cancellationToken).ConfigureAwait(false);
        foreach (var (dialect, refusal) in profile.Dialects.OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal))
        {
            await output.WriteLineAsync(refusal is null ? $"  speaks {dialect}" : $"  does not speak {dialect}: {refusal}").ConfigureAwait(false);
        }

        if (profile.RefusesUnreliable is { } answer)
        {
            await output.WriteLineAsync($"  refuses messages without a reliable session: {answer}").ConfigureAwait(false);
        }

        return profile;
    }
}

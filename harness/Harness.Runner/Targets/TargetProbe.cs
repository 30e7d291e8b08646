using Harness.Reliability.Settings;
using Harness.Reliability.Source;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Targets;

/// <summary>
/// Asks an external target, before any scenario runs, what it speaks: for each dialect the selected scenarios use,
/// one sequence is created and at once closed and terminated (so the probe leaves nothing open); when a negative
/// control is selected, one Append without a reliable session tells whether the target takes such messages.
/// Each question is bounded in time; an answer that is neither success nor a refusal (e.g. the target is down)
/// leaves the dialect unknown, so its scenarios run and say what happened.
/// </summary>
public static class TargetProbe
{
    /// <summary>How long one question may take, retransmissions included.</summary>
    public static readonly TimeSpan QuestionTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The payload of the probe's one unreliable Append, recognisable in the target's own logs.</summary>
    public const string UnreliablePayload = "harness target probe";

    /// <summary>
    /// Null when the target answers HTTP at all (any status: an empty POST is not a message it takes); else why not,
    /// so that a run against a target that is down stops at once instead of taking every scenario for unspoken.
    /// </summary>
    public static async Task<string?> UnreachableAsync(Uri target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var http = JournalClient.CreateHttpClient(maxConnections: 1);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(QuestionTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/soap+xml");
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token).ConfigureAwait(false);
            return null;
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no HTTP answer within {QuestionTimeout.TotalSeconds:0} s";
        }
    }

    /// <param name="known">What the command line stated; only what it leaves open is asked.</param>
    public static async Task<TargetProfile> ProbeAsync(Uri target, IReadOnlyList<Scenario> scenarios, TargetProfile known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(known);

        using var http = JournalClient.CreateHttpClient(maxConnections: 4);
        var dialects = new Dictionary<TargetDialect, string?>(known.Dialects);
        foreach (var dialect in scenarios.Where(scenario => scenario.Settings.Enabled).Select(TargetDialect.Of).Distinct())
        {
            if (!dialects.ContainsKey(dialect) && await AskDialectAsync(http, target, dialect, cancellationToken).ConfigureAwait(false) is { } answer)
            {
                dialects[dialect] = answer.Refusal;
            }
        }

        var refusesUnreliable = known.RefusesUnreliable;
        if (refusesUnreliable is null && scenarios.FirstOrDefault(scenario => !scenario.Settings.Enabled) is { } control)
        {
            refusesUnreliable = await AskUnreliableAsync(http, target, control.Settings, cancellationToken).ConfigureAwait(false);
        }

        return known with { Dialects = dialects, RefusesUnreliable = refusesUnreliable };
    }

    /// <summary>Null when the question got no answer either way; else the answer: spoken (no refusal) or the target's refusal.</summary>
    private static async Task<DialectAnswer?> AskDialectAsync(HttpClient http, Uri target, TargetDialect dialect, CancellationToken cancellationToken)
    {
        var settings = ReliableSessionSettings.Default with
        {
            ReliableMessagingVersion = dialect.ReliableMessaging,
            MessageVersion = dialect.Message,
            MaxRetryCount = 3,
        };
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(QuestionTimeout);
        IJournalSession session;
        try
        {
            session = await JournalClient.OpenSessionAsync(http, target, new SessionOptions { Settings = settings, ExpectReplies = true }, bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (HttpRequestException)
        {
            // Unreachable: every scenario will say so; the probe has nothing to tell about the dialect.
            return null;
        }
        catch (Exception ex) when (ex is ReliableSessionFaultedException or JournalCallException or TimeoutException)
        {
            return new DialectAnswer(ex.Message);
        }

        await using (session.ConfigureAwait(false))
        {
            try
            {
                await session.CloseAsync(bound.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ReliableSessionFaultedException or JournalCallException or HttpRequestException or TimeoutException)
            {
                // The target created the sequence, so it speaks the dialect; a close that fails is the target's to time out.
            }
        }

        return new DialectAnswer(Refusal: null);
    }

    private static async Task<string?> AskUnreliableAsync(HttpClient http, Uri target, ReliableSessionSettings settings, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(QuestionTimeout);
        await using var session = await JournalClient.OpenSessionAsync(http, target, new SessionOptions { Settings = settings }, bound.Token).ConfigureAwait(false);
        try
        {
            await session.AppendAsync(1, UnreliablePayload, bound.Token).ConfigureAwait(false);
            return null;
        }
        catch (JournalCallException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private sealed record DialectAnswer(string? Refusal);
}

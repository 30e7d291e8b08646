using Harness.Protocol.Classification;
using Harness.Proxy.Faults;
using Microsoft.AspNetCore.Http;

namespace Harness.Proxy.Decisions;

/// <summary>
/// Tells which session a message belongs to, and which send of the message it is. The harness's client names its
/// session index in a header; for other clients sessions are numbered in the order their CreateSequence arrives,
/// and later messages are recognised by their sequence identifiers.
/// </summary>
public sealed class SessionRegistry(int maxRememberedSends = SessionRegistry.DefaultMaxRememberedSends)
{
    /// <summary>
    /// Messages whose sends are counted at once. A long-running proxy sees messages without end; past this, the
    /// oldest quarter (lowest session, then lowest number) is forgotten, so a later resend of one of them counts as a
    /// first send again.
    /// </summary>
    public const int DefaultMaxRememberedSends = 200_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byIdentifier = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Session, RuleMessageKind Kind, long Number, string? Sequence), int> _attempts = [];
    private readonly Dictionary<int, SessionFlow> _flows = [];
    private int _nextIndex;

    /// <summary>The session of a request (-1 when it cannot be told).</summary>
    public int ResolveRequest(HttpRequest request, MessageClassification classification)
    {
        lock (_gate)
        {
            int? named = request.Headers.TryGetValue(SessionHeaders.SessionIndex, out var header)
                && int.TryParse(header.ToString(), out var index) && index >= 0
                ? index
                : null;

            if (classification.Kind == MessageKind.CreateSequence)
            {
                // A retransmitted CreateSequence carries the same MessageID (and Offer): it is the same session.
                var key = classification.OfferedSequenceId ?? classification.MessageId;
                if (key is not null && _byIdentifier.TryGetValue(key, out var known))
                {
                    return known;
                }

                var session = named ?? _nextIndex++;
                _nextIndex = Math.Max(_nextIndex, session + 1);
                Remember(key, session);
                Remember(classification.OfferedSequenceId, session);
                return session;
            }

            if (named is { } explicitSession)
            {
                Remember(classification.SequenceId, explicitSession);
                return explicitSession;
            }

            return Lookup(classification);
        }
    }

    /// <summary>Learns the identifiers an answer reveals (CreateSequenceResponse's new sequence) for its session.</summary>
    public void LearnFromResponse(int session, MessageClassification response)
    {
        if (session < 0)
        {
            return;
        }

        lock (_gate)
        {
            if (response.Kind == MessageKind.CreateSequenceResponse)
            {
                Remember(response.SequenceId, session);
            }
        }
    }

    /// <summary>Counts sends of the same message: 1 for the first, 2 for the first retransmission...</summary>
    public int NextAttempt(int session, RuleMessageKind kind, MessageClassification classification)
    {
        // Unnumbered messages (CreateSequence, Terminate...) are told apart by sequence or MessageID.
        var identity = classification.MessageNumber > 0 ? null : classification.SequenceId ?? classification.OfferedSequenceId ?? classification.MessageId;
        var key = (session, kind, classification.MessageNumber, identity);
        lock (_gate)
        {
            var attempt = _attempts.GetValueOrDefault(key) + 1;
            if (attempt == 1 && _attempts.Count >= maxRememberedSends)
            {
                ForgetOldestSends();
            }

            _attempts[key] = attempt;
            return attempt;
        }
    }

    /// <summary>How many messages' sends are remembered now (at most the limit given at construction).</summary>
    public int RememberedSends
    {
        get
        {
            lock (_gate)
            {
                return _attempts.Count;
            }
        }
    }

    private void ForgetOldestSends()
    {
        // A quarter at a time, so the sort is paid once per many new messages rather than on each.
        var oldest = _attempts.Keys.OrderBy(k => k.Session).ThenBy(k => k.Number).Take(Math.Max(1, maxRememberedSends / 4)).ToArray();
        foreach (var key in oldest)
        {
            _attempts.Remove(key);
        }
    }

    /// <summary>The per-session counters that reorder holds wait on.</summary>
    public SessionFlow Flow(int session)
    {
        lock (_gate)
        {
            if (!_flows.TryGetValue(session, out var flow))
            {
                flow = new SessionFlow();
                _flows.Add(session, flow);
            }

            return flow;
        }
    }

    private int Lookup(MessageClassification classification)
    {
        if (classification.SequenceId is { } id && _byIdentifier.TryGetValue(id, out var session))
        {
            return session;
        }

        foreach (var ack in classification.Acknowledgements)
        {
            if (_byIdentifier.TryGetValue(ack.Identifier, out session))
            {
                return session;
            }
        }

        return -1;
    }

    private void Remember(string? identifier, int session)
    {
        if (identifier is not null)
        {
            _byIdentifier.TryAdd(identifier, session);
        }
    }
}

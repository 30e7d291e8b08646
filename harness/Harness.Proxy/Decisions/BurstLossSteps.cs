using Harness.Proxy.Faults.Bursts;

namespace Harness.Proxy.Decisions;

/// <summary>
/// Places a message on a rule's burst-loss chain. Each rule has its own chains, one per session and direction (each
/// a stream of its own, as each direction of a link is its own channel). A numbered message is step n of its number,
/// on a chain of its attempt: first sends share one chain, first retransmissions another, so a burst of first sends
/// is not repeated on their resends, as the later resends meet another moment of the network. Unnumbered messages
/// (CreateSequence, Close, Terminate, AckRequested and ack requests) are stepped by their send count, one chain per
/// kind. Positions, not arrival order, so concurrent messages get the same decisions in every run with the seed.
/// </summary>
internal static class BurstLossSteps
{
    // Keeps these draws apart from the probability and action draws made from the same message facts.
    private const long DrawTag = 2000;

    public static bool IsLost(BurstLossModel model, long seed, int rule, in MessageFacts facts)
    {
        var numbered = facts.Number > 0;
        var chainId = numbered ? facts.Attempt : -1 - (long)facts.Kind;
        var step = numbered ? facts.Number : Math.Max(facts.Attempt, 1);
        var session = facts.Session;
        var direction = (long)facts.Direction;
        var chain = new GilbertElliottChain(
            model,
            (position, purpose) => DeterministicRandom.Uniform(seed, DrawTag, rule, session, direction, chainId, position, (long)purpose));
        return chain.IsLost(step);
    }
}

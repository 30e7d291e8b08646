namespace Harness.Protocol.ReliableMessaging;

/// <summary>WS-RM 1.1: what the destination does with messages of a sequence that closes with gaps.</summary>
public enum IncompleteSequenceBehavior
{
    DiscardEntireSequence,
    DiscardFollowingFirstGap,
    NoDiscard,
}

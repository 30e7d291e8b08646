namespace Harness.Reliability.Source;

/// <summary>
/// Deliberate protocol bugs the harness's RM source can be built with, so that tests can prove the suite catches a
/// broken source. The command line never sets them; a correct source has <see cref="None"/>.
/// </summary>
[Flags]
public enum SourceDefects
{
    None = 0,

    /// <summary>
    /// A Nack does not send the message it names again: the message waits out its retransmission timer as if nothing
    /// had been said about it.
    /// </summary>
    NoRetransmissionOnNack = 1 << 0,

    /// <summary>
    /// A retransmission carries a new message number (the one the next call would get) instead of its own, so the
    /// destination takes it for another message.
    /// </summary>
    RenumberRetransmission = 1 << 1,

    /// <summary>
    /// The close names a last message one below the real one: WS-RM 1.1's CloseSequence and TerminateSequence give
    /// LastMsgNumber n-1 after n messages; February 2005's LastMessage, itself message n+1, goes out numbered n.
    /// </summary>
    WrongLastMessageNumber = 1 << 2,

    /// <summary>
    /// Each reply taken in counts the next reply number as received too, so the acknowledgement of the offered
    /// sequence covers a reply the source never got.
    /// </summary>
    AcknowledgeUnreceivedReply = 1 << 3,
}

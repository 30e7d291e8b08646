namespace Harness.Reliability.Source;

/// <summary>
/// A call failed visibly, for a reason the client reported (for the real WCF client: the exception WCF threw, by type
/// and message), while the session itself may go on.
/// </summary>
public sealed class JournalCallException : Exception
{
    public JournalCallException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

namespace Harness.Reliability.Journal;

/// <summary>
/// One delivery to the application: the session (the destination's sequence identifier, or a connection-less
/// session id when the reliable session is off), the call, the count of deliveries in that session after this one,
/// and when (monotonic and wall-clock). The payload is kept as its digest, so entries stay small whatever the
/// traffic.
/// </summary>
public sealed record JournalEntry(
    string Session,
    JournalOperation Operation,
    int Sequence,
    PayloadDigest Payload,
    int CountInSession,
    long MessageNumber,
    TimeSpan Time,
    DateTimeOffset WallClock);

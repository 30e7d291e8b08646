namespace Harness.Protocol.ReliableMessaging;

/// <summary>
/// The <c>Sequence</c> header: which sequence a message belongs to and its number. <see cref="LastMessage"/> is the
/// February 2005 marker of the final message (1.1 uses CloseSequence instead).
/// </summary>
public sealed record SequenceHeader(string Identifier, long MessageNumber, bool LastMessage = false);

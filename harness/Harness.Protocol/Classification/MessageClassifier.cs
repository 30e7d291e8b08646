using System.Xml;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Classification;

/// <summary>
/// The proxy's hot-path reader: from raw bytes to a <see cref="MessageClassification"/>. It reads the headers and
/// only the start of the body (the payload is never materialised), and it never throws: a message it cannot read
/// is classified Unknown with the reason, so the proxy can still forward it.
/// </summary>
public static class MessageClassifier
{
    public static MessageClassification Classify(ReadOnlyMemory<byte> utf8, WireLimits? limits = null)
    {
        if (utf8.IsEmpty)
        {
            return MessageClassification.Empty;
        }

        try
        {
            using var reader = WireXmlReader.Create(utf8, limits ?? WireLimits.Default);
            return ClassifyEnvelope(reader);
        }
        catch (WireProtocolException ex)
        {
            return new MessageClassification { Kind = MessageKind.Unknown, Error = ex.Message };
        }
    }

    private static MessageClassification ClassifyEnvelope(WireXmlReader reader)
    {
        reader.Read();
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Envelope"
            || SoapVersion.FromNamespace(reader.NamespaceUri) is not { } soap)
        {
            throw reader.Error(WireErrorKind.VersionMismatch, "not a SOAP envelope");
        }

        var state = new State { Soap = soap };
        if (!reader.EnterElement())
        {
            throw reader.Error(WireErrorKind.InvalidEnvelope, "the Envelope has no Body");
        }

        if (reader.MoveToContent() == XmlNodeType.Element && reader.IsStartElement("Header", soap.EnvelopeNamespace))
        {
            ReadHeaders(reader, state);
        }

        if (reader.MoveToContent() != XmlNodeType.Element || !reader.IsStartElement("Body", soap.EnvelopeNamespace))
        {
            throw reader.Error(WireErrorKind.InvalidEnvelope, "the Envelope has no Body");
        }

        ReadBodyStart(reader, state);
        return state.ToClassification();
    }

    private static void ReadHeaders(WireXmlReader reader, State state)
    {
        if (!reader.EnterElement())
        {
            return;
        }

        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            var ns = reader.NamespaceUri;
            if (AddressingVersion.FromNamespace(ns) is not null)
            {
                switch (reader.LocalName)
                {
                    case "Action":
                        state.Action = reader.ReadElementText().Trim();
                        continue;
                    case "MessageID":
                        state.MessageId = reader.ReadElementText().Trim();
                        continue;
                    case "RelatesTo":
                        state.RelatesTo = reader.ReadElementText().Trim();
                        continue;
                    case "ReplyTo":
                        state.HasReplyTo = true;
                        break;
                }
            }
            else if (ReliableMessagingVersion.FromNamespace(ns) is { } rm)
            {
                state.ReliableMessaging ??= rm;
                // Every case reads its element whole before deciding what to keep: a case that keeps nothing must
                // still move past the element, or this loop meets it again for ever (a repeated header did that).
                switch (reader.LocalName)
                {
                    case "Sequence":
                        // A repeated Sequence is refused by the full reader; the first one classifies, as for AckRequested.
                        var sequence = ReliableMessagingReader.ReadSequence(reader, rm);
                        state.Sequence ??= sequence;
                        continue;
                    case "SequenceAcknowledgement":
                        state.Acknowledgements.Add(CarriedAcknowledgement.From(ReliableMessagingReader.ReadAcknowledgement(reader, rm)));
                        continue;
                    case "AckRequested":
                        var requested = ReliableMessagingReader.ReadAckRequested(reader, rm);
                        state.AckRequestedId ??= requested.Identifier;
                        continue;
                    case "SequenceFault":
                        state.SequenceFaultHeader = ReliableMessagingReader.ReadSequenceFaultHeader(reader, rm);
                        continue;
                }
            }

            reader.Skip();
        }

        reader.LeaveElement();
    }

    private static void ReadBodyStart(WireXmlReader reader, State state)
    {
        if (!reader.EnterElement() || reader.MoveToContent() != XmlNodeType.Element)
        {
            return;
        }

        if (reader.IsStartElement("Fault", state.Soap!.EnvelopeNamespace))
        {
            var fault = SoapFaultReader.Read(reader, state.Soap);
            state.Body = fault;
            return;
        }

        if (ReliableMessagingVersion.FromNamespace(reader.NamespaceUri) is { } rm)
        {
            state.ReliableMessaging ??= rm;
            state.Body = ReliableMessagingReader.ReadBody(reader, rm, new VersionTracker());
            return;
        }

        // Application payload: its presence is all the classifier needs.
        state.HasApplicationBody = true;
    }

    private sealed class State
    {
        public SoapVersion? Soap { get; init; }

        public ReliableMessagingVersion? ReliableMessaging { get; set; }

        public string? Action { get; set; }

        public string? MessageId { get; set; }

        public string? RelatesTo { get; set; }

        public bool HasReplyTo { get; set; }

        public SequenceHeader? Sequence { get; set; }

        public string? AckRequestedId { get; set; }

        /// <summary>SOAP 1.1 carries a WS-RM fault's subcode and identifier in this header.</summary>
        public SequenceFault? SequenceFaultHeader { get; set; }

        public List<CarriedAcknowledgement> Acknowledgements { get; } = [];

        public MessageBody? Body { get; set; }

        public bool HasApplicationBody { get; set; }

        public MessageClassification ToClassification()
        {
            var classification = new MessageClassification
            {
                Soap = Soap,
                ReliableMessaging = ReliableMessaging,
                Action = Action,
                MessageId = MessageId,
                RelatesTo = RelatesTo,
                ExpectsReply = HasReplyTo && MessageId is not null,
                SequenceId = Sequence?.Identifier,
                MessageNumber = Sequence?.MessageNumber ?? 0,
                IsLastMessage = Sequence?.LastMessage ?? false,
                Acknowledgements = Acknowledgements,
            };

            return Body switch
            {
                SoapFault fault => classification with
                {
                    Kind = MessageKind.Fault,
                    FaultCode = SequenceFaultHeader?.SubcodeName ?? fault.Subcode?.Name ?? fault.Code.ToString(),
                    SequenceId = SequenceFaultHeader?.Identifier ?? FaultIdentifier(fault) ?? classification.SequenceId,
                },
                CreateSequence create => classification with { Kind = MessageKind.CreateSequence, OfferedSequenceId = create.Offer?.Identifier },
                CreateSequenceResponse response => classification with { Kind = MessageKind.CreateSequenceResponse, SequenceId = response.Identifier },
                CloseSequence close => classification with { Kind = MessageKind.CloseSequence, SequenceId = close.Identifier },
                CloseSequenceResponse closed => classification with { Kind = MessageKind.CloseSequenceResponse, SequenceId = closed.Identifier },
                TerminateSequence terminate => classification with { Kind = MessageKind.TerminateSequence, SequenceId = terminate.Identifier },
                TerminateSequenceResponse terminated => classification with { Kind = MessageKind.TerminateSequenceResponse, SequenceId = terminated.Identifier },
                _ => classification with { Kind = KindWithoutProtocolBody(), SequenceId = classification.SequenceId ?? AckRequestedId ?? FirstAcknowledgedId() },
            };
        }

        private MessageKind KindWithoutProtocolBody()
        {
            var operation = ReliableMessaging is { } rm && Action is { } action && action.StartsWith(rm.Namespace + "/", StringComparison.Ordinal)
                ? action[(rm.Namespace.Length + 1)..]
                : null;
            return operation switch
            {
                "LastMessage" => MessageKind.LastMessage,
                "AckRequested" => MessageKind.AckRequested,
                "SequenceAcknowledgement" => MessageKind.Acknowledgement,
                _ when Sequence is not null || HasApplicationBody => MessageKind.Application,
                _ when Action is not null => MessageKind.Application,
                _ => MessageKind.Unknown,
            };
        }

        private string? FirstAcknowledgedId() => Acknowledgements.Count > 0 ? Acknowledgements[0].Identifier : null;

        private static string? FaultIdentifier(SoapFault fault) =>
            fault.Detail.SelectMany(e => e.DescendantsAndSelf())
                .FirstOrDefault(e => e.Name.LocalName == "Identifier" && ReliableMessagingVersion.FromNamespace(e.Name.NamespaceName) is not null)?.Value.Trim();
    }
}

using Harness.Protocol.Classification;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Tests.Support;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Tests.Serialization;

public class RoundTripTests
{
    public static IEnumerable<TestCaseData> EveryMessageTypeInEveryVersion()
    {
        foreach (var rm in ReliableMessagingVersion.All)
        {
            foreach (var version in MessageVersion.All)
            {
                foreach (var (name, message) in TestMessages.All(rm, version))
                {
                    yield return new TestCaseData(message).SetArgDisplayNames($"{rm.ShortName} {version.Soap.Name} {version.Addressing.Name}: {name}");
                }
            }
        }
    }

    [TestCaseSource(nameof(EveryMessageTypeInEveryVersion))]
    public void A_written_message_reads_back_equal(SoapMessage message)
    {
        var bytes = SoapMessageWriter.ToBytes(message);

        var read = SoapMessageReader.Read(bytes);

        read.Should().Be(message, "the XML was:\n" + SoapMessageWriter.ToXml(message));
        SoapMessageWriter.ToBytes(read).Should().Equal(bytes, "writing is deterministic");
    }

    [TestCaseSource(nameof(EveryMessageTypeInEveryVersion))]
    public void The_classifier_agrees_with_the_full_reader(SoapMessage message)
    {
        var classification = MessageClassifier.Classify(SoapMessageWriter.ToBytes(message));

        classification.Error.Should().BeNull();
        classification.Kind.Should().Be(ExpectedKind(message));
        classification.Soap.Should().Be(message.Version.Soap);
        classification.ReliableMessaging.Should().Be(message.ReliableMessaging);
        classification.Action.Should().Be(message.Action);
        classification.MessageNumber.Should().Be(message.Sequence?.MessageNumber ?? 0);
        classification.IsLastMessage.Should().Be(message.Sequence?.LastMessage ?? false);
        classification.Acknowledgements.Select(a => (a.Identifier, string.Join(",", a.Ranges), a.Final))
            .Should().Equal(message.Acknowledgements.Select(a => (a.Identifier, string.Join(",", a.Ranges), a.Final)));
        classification.SequenceId.Should().Be(ExpectedSequenceId(message));
        classification.ExpectsReply.Should().Be(message.Addressing.ReplyTo is not null && message.Addressing.MessageId is not null);
    }

    [Test]
    public void The_writer_uses_wcf_prefixes_and_mustUnderstand()
    {
        var message = TestMessages.All(ReliableMessagingVersion.WSReliableMessagingFebruary2005, MessageVersion.Default)
            .Single(m => m.Name.StartsWith("application request", StringComparison.Ordinal)).Message;

        var xml = SoapMessageWriter.ToXml(message);

        xml.Should().StartWith("<s:Envelope xmlns:r=\"http://schemas.xmlsoap.org/ws/2005/02/rm\" xmlns:a=\"http://www.w3.org/2005/08/addressing\" xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">");
        xml.Should().Contain("<r:Sequence s:mustUnderstand=\"1\"><r:Identifier>" + TestMessages.SequenceId + "</r:Identifier><r:MessageNumber>7</r:MessageNumber></r:Sequence>");
        xml.Should().Contain("<a:Action s:mustUnderstand=\"1\">http://harness.example/reliable/IJournal/Append</a:Action>");
        xml.Should().Contain("<r:AcknowledgementRange Lower=\"1\" Upper=\"6\" />");
        xml.Should().Contain("m1 with  spaces &amp; &lt;markup&gt;");
    }

    private static MessageKind ExpectedKind(SoapMessage message) => message.Body switch
    {
        CreateSequence => MessageKind.CreateSequence,
        CreateSequenceResponse => MessageKind.CreateSequenceResponse,
        CloseSequence => MessageKind.CloseSequence,
        CloseSequenceResponse => MessageKind.CloseSequenceResponse,
        TerminateSequence => MessageKind.TerminateSequence,
        TerminateSequenceResponse => MessageKind.TerminateSequenceResponse,
        SoapFault => MessageKind.Fault,
        _ when message.Sequence?.LastMessage == true => MessageKind.LastMessage,
        _ when message.AckRequests.Count > 0 => MessageKind.AckRequested,
        _ when message.Sequence is null && message.Acknowledgements.Count > 0 => MessageKind.Acknowledgement,
        _ => MessageKind.Application,
    };

    private static string? ExpectedSequenceId(SoapMessage message) => message.Body switch
    {
        CreateSequence => null,
        CreateSequenceResponse response => response.Identifier,
        CloseSequence close => close.Identifier,
        CloseSequenceResponse closed => closed.Identifier,
        TerminateSequence terminate => terminate.Identifier,
        TerminateSequenceResponse terminated => terminated.Identifier,
        _ => message.Sequence?.Identifier ?? message.AckRequests.FirstOrDefault()?.Identifier ?? message.Acknowledgements.FirstOrDefault()?.Identifier,
    };
}

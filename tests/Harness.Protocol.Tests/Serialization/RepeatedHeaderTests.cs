using System.Text;
using Harness.Protocol.Classification;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;

namespace Harness.Protocol.Tests.Serialization;

/// <summary>
/// A header that appears twice must neither hang a reader nor crash it: the classifier answers (it is on the proxy's
/// hot path, for requests and answers) and the full reader answers or reports a typed error. Each call runs on the
/// pool with a bound, so a reader that stops advancing fails the test instead of hanging the run.
/// </summary>
public class RepeatedHeaderTests
{
    private const string Rm2005 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
    private const string Rm11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";
    private const string SequenceId = "urn:uuid:seq";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public static IEnumerable<TestCaseData> RepeatedHeaders()
    {
        foreach (var rm in new[] { Rm2005, Rm11 })
        {
            var version = rm == Rm2005 ? "rm2005" : "rm11";
            var ackRequested = $"<r:AckRequested><r:Identifier>{SequenceId}</r:Identifier></r:AckRequested>";
            var acknowledgement = $"<r:SequenceAcknowledgement><r:Identifier>{SequenceId}</r:Identifier><r:AcknowledgementRange Lower=\"1\" Upper=\"1\"/></r:SequenceAcknowledgement>";
            var sequence = $"<r:Sequence s:mustUnderstand=\"1\"><r:Identifier>{SequenceId}</r:Identifier><r:MessageNumber>1</r:MessageNumber></r:Sequence>";
            var action = "<a:Action s:mustUnderstand=\"1\">http://harness.example/reliable/IJournal/Post</a:Action>";
            var messageId = "<a:MessageID>urn:uuid:m</a:MessageID>";
            var relatesTo = "<a:RelatesTo>urn:uuid:r</a:RelatesTo>";
            var replyTo = "<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>";
            var fault = $"<r:SequenceFault><r:FaultCode>r:UnknownSequence</r:FaultCode></r:SequenceFault>";

            yield return Case(version, "AckRequested twice", sequence + action + ackRequested + ackRequested);
            yield return Case(version, "AckRequested three times", sequence + action + ackRequested + ackRequested + ackRequested);
            yield return Case(version, "Sequence twice", sequence + sequence + action);
            yield return Case(version, "SequenceAcknowledgement twice", sequence + action + acknowledgement + acknowledgement);
            yield return Case(version, "SequenceFault twice", sequence + action + fault + fault);
            yield return Case(version, "Action twice", sequence + action + action);
            yield return Case(version, "MessageID twice", sequence + action + messageId + messageId);
            yield return Case(version, "RelatesTo twice", sequence + action + relatesTo + relatesTo);
            yield return Case(version, "ReplyTo twice", sequence + action + replyTo + replyTo);
        }

        static TestCaseData Case(string version, string name, string headers) =>
            new TestCaseData(Envelope(version == "rm2005" ? Rm2005 : Rm11, headers)).SetArgDisplayNames($"{version}: {name}");
    }

    [TestCaseSource(nameof(RepeatedHeaders))]
    public async Task The_classifier_answers_within_the_bound(string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);

        var classification = await Task.Run(() => MessageClassifier.Classify(bytes)).WaitAsync(Bound);

        classification.Should().NotBeNull();
    }

    [TestCaseSource(nameof(RepeatedHeaders))]
    public async Task The_reader_answers_or_reports_a_typed_error_within_the_bound(string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);

        var outcome = await Task.Run(() => SoapMessageReader.TryRead(bytes, out _, out var error) || error is not null).WaitAsync(Bound);

        outcome.Should().BeTrue("TryRead gives either a message or a typed error");
    }

    [Test]
    public async Task Two_AckRequested_headers_classify_as_the_sequenced_message_asking_for_the_first_sequence()
    {
        var ackRequested = $"<r:AckRequested><r:Identifier>{SequenceId}</r:Identifier></r:AckRequested>";
        var other = "<r:AckRequested><r:Identifier>urn:uuid:other</r:Identifier></r:AckRequested>";
        var bytes = Encoding.UTF8.GetBytes(Envelope(Rm2005, $"<a:Action>{Rm2005}/AckRequested</a:Action>" + ackRequested + other));

        var classification = await Task.Run(() => MessageClassifier.Classify(bytes)).WaitAsync(Bound);

        classification.Error.Should().BeNull();
        classification.Kind.Should().Be(MessageKind.AckRequested);
        classification.SequenceId.Should().Be(SequenceId, "the first AckRequested names the sequence, as it did before");
    }

    [Test]
    public async Task Two_Sequence_headers_classify_by_the_first_as_the_reader_refuses_them()
    {
        var first = $"<r:Sequence><r:Identifier>{SequenceId}</r:Identifier><r:MessageNumber>1</r:MessageNumber></r:Sequence>";
        var second = "<r:Sequence><r:Identifier>urn:uuid:other</r:Identifier><r:MessageNumber>2</r:MessageNumber></r:Sequence>";
        var bytes = Encoding.UTF8.GetBytes(Envelope(Rm2005, first + second + "<a:Action>http://harness.example/reliable/IJournal/Post</a:Action>"));

        var classification = await Task.Run(() => MessageClassifier.Classify(bytes)).WaitAsync(Bound);
        var read = () => SoapMessageReader.Read(bytes);

        classification.SequenceId.Should().Be(SequenceId);
        classification.MessageNumber.Should().Be(1);
        read.Should().Throw<WireProtocolException>().Which.Kind.Should().Be(WireErrorKind.InvalidEnvelope);
    }

    private static string Envelope(string rm, string headers) =>
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://www.w3.org/2005/08/addressing\" "
        + $"xmlns:r=\"{rm}\"><s:Header>{headers}</s:Header><s:Body><Post xmlns=\"http://harness.example/reliable\"><sequence>1</sequence><payload>m1</payload></Post></s:Body></s:Envelope>";
}

using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Classification;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Tests.Support;

namespace Harness.Protocol.Tests.Serialization;

/// <summary>The CoreWCF reliable-session service's real answers (shared/wire/corewcf-service) must read and classify.</summary>
public class CoreWcfServiceMessageTests
{
    public static IEnumerable<TestCaseData> CapturesWithBodies() =>
        WireData.CoreWcfFiles()
            .Where(path => WireData.CoreWcf(path).Body.Length > 0)
            .Select(path => new TestCaseData(path).SetArgDisplayNames(path));

    [TestCaseSource(nameof(CapturesWithBodies))]
    public void Every_captured_message_reads_rewrites_and_classifies(string path)
    {
        var capture = WireData.CoreWcf(path);

        var message = SoapMessageReader.Read(capture.BodyBytes);
        var classification = MessageClassifier.Classify(capture.BodyBytes);

        message.ReliableMessaging.Should().BeOneOf(null, WireData.VersionOf(path));
        SoapMessageReader.Read(SoapMessageWriter.ToBytes(message)).Should().Be(message);
        classification.Error.Should().BeNull();
        classification.Kind.Should().NotBe(MessageKind.Unknown);
    }

    [TestCase("rm2005")]
    [TestCase("rm11")]
    public void CreateSequence_without_offer_is_refused_with_a_wsrm_fault(string folder)
    {
        var capture = WireData.CoreWcf($"{folder}/01-CreateSequence-no-offer.response.http");

        var fault = SoapMessageReader.Read(capture.BodyBytes).GetSequenceFault();

        capture.Status.Should().Be(500);
        fault.Should().NotBeNull();
        fault!.Code.Should().Be(SequenceFaultCode.CreateSequenceRefused);
        fault.IsSenderFault.Should().BeTrue();
        fault.Reason.Should().Contain("offer");
        MessageClassifier.Classify(capture.BodyBytes).FaultCode.Should().Be("CreateSequenceRefused");
    }

    [Test]
    public void Replies_travel_on_the_offered_sequence_and_acknowledge_the_requests()
    {
        var reply = SoapMessageReader.Read(WireData.CoreWcf("rm2005/08-Append-msg4.response.http").BodyBytes);

        reply.Sequence.Should().Be(new SequenceHeader("urn:uuid:de75be2b-dfc3-4ec6-8195-b6337a9c4765", 2));
        var ack = reply.Acknowledgements.Should().ContainSingle().Subject;
        ack.Identifier.Should().Be("urn:uuid:5d552a66-b037-4421-a4e7-5029e8d87da0");
        ack.Ranges.Should().Equal(new SequenceRange(1, 4));
        ack.BufferRemaining.Should().Be(8);
        reply.Addressing.RelatesTo.Should().NotBeNull();
        ((ApplicationBody)reply.Body).FirstElement!.Value.Should().Be("4");
    }

    [Test]
    public void A_one_way_message_is_answered_with_an_ack_only_message()
    {
        var answer = WireData.CoreWcf("rm2005/06-Post-msg2.response.http");

        var classification = MessageClassifier.Classify(answer.BodyBytes);

        answer.Status.Should().Be(200);
        classification.Kind.Should().Be(MessageKind.Acknowledgement);
        classification.Acknowledgements.Should().ContainSingle().Which.Ranges.Should().Equal(new SequenceRange(1, 2));
    }

    [Test]
    public void The_2005_close_is_answered_with_the_service_own_LastMessage()
    {
        var answer = SoapMessageReader.Read(WireData.CoreWcf("rm2005/09-LastMessage-msg5.response.http").BodyBytes);

        answer.Sequence.Should().Be(new SequenceHeader("urn:uuid:de75be2b-dfc3-4ec6-8195-b6337a9c4765", 3, LastMessage: true));
        answer.Acknowledgements.Single().Ranges.Should().Equal(new SequenceRange(1, 5));
    }

    [TestCase("rm11/09-CloseSequence.response.http", typeof(CloseSequenceResponse))]
    [TestCase("rm11/10-TerminateSequence.response.http", typeof(TerminateSequenceResponse))]
    public void The_11_close_and_terminate_responses_carry_a_final_acknowledgement(string path, Type bodyType)
    {
        var answer = SoapMessageReader.Read(WireData.CoreWcf(path).BodyBytes);

        answer.Body.Should().BeOfType(bodyType);
        var ack = answer.Acknowledgements.Should().ContainSingle().Subject;
        ack.Final.Should().BeTrue();
        ack.Ranges.Should().Equal(new SequenceRange(1, 4));
    }

    [Test]
    public void A_gap_answered_with_an_empty_202_has_no_body()
    {
        var capture = WireData.CoreWcf("rm2005/05-Post-msg3-gap.response.http");

        capture.Status.Should().Be(202);
        capture.Body.Should().BeEmpty();
        MessageClassifier.Classify(capture.BodyBytes).Kind.Should().Be(MessageKind.Unknown);
    }
}

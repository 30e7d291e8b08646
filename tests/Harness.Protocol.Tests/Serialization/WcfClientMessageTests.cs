using System.Text.RegularExpressions;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Classification;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Tests.Support;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Tests.Serialization;

/// <summary>Every request the real WCF client sent (shared/wire/wcf-client) must read, re-write and classify.</summary>
public partial class WcfClientMessageTests
{
    public static IEnumerable<TestCaseData> RealMessages() =>
        WireData.WcfClientMessages().Select(path => new TestCaseData(path).SetArgDisplayNames(path));

    [TestCaseSource(nameof(RealMessages))]
    public void Reads_with_the_expected_kind_version_and_number(string path)
    {
        var rm = WireData.VersionOf(path);
        var expected = Expectation.FromFileName(path);

        var message = SoapMessageReader.Read(WireData.WcfClientMessage(path));

        message.Version.Should().Be(MessageVersion.Soap12WSAddressing10);
        message.ReliableMessaging.Should().Be(rm);
        message.Addressing.To.Should().StartWith("http://127.0.0.1:");
        message.NotUnderstoodHeaders.Should().BeEmpty();
        switch (expected.Kind)
        {
            case MessageKind.CreateSequence:
                message.Body.Should().BeOfType<CreateSequence>().Which.AcksTo.IsAnonymous.Should().BeTrue();
                message.Addressing.MessageId.Should().NotBeNull();
                break;
            case MessageKind.Application:
                message.Sequence.Should().NotBeNull();
                message.Sequence!.MessageNumber.Should().Be(expected.Number);
                message.Body.Should().BeOfType<ApplicationBody>().Which.FirstElement!.Name.LocalName.Should().Be(expected.Operation);
                (message.Addressing.ReplyTo is not null).Should().Be(expected.Operation == "Append", "only request-reply calls carry ReplyTo");
                break;
            case MessageKind.LastMessage:
                message.Sequence.Should().Be(new SequenceHeader(message.Sequence!.Identifier, expected.Number, LastMessage: true));
                message.Body.Should().Be(ApplicationBody.Empty);
                break;
            case MessageKind.CloseSequence:
                message.Body.Should().BeOfType<CloseSequence>().Which.LastMessageNumber.Should().BePositive();
                break;
            case MessageKind.TerminateSequence:
                message.Body.Should().BeOfType<TerminateSequence>();
                break;
            case MessageKind.AckRequested:
                message.AckRequests.Should().ContainSingle();
                break;
            case MessageKind.Fault:
                message.GetSequenceFault()!.Code.Should().Be(SequenceFaultCode.SequenceTerminated);
                break;
            default:
                Assert.Fail($"no expectation for {path}");
                break;
        }
    }

    [TestCaseSource(nameof(RealMessages))]
    public void Rewrites_to_an_equivalent_message(string path)
    {
        var original = SoapMessageReader.Read(WireData.WcfClientMessage(path));

        var reread = SoapMessageReader.Read(SoapMessageWriter.ToBytes(original));

        reread.Should().Be(original);
    }

    [TestCaseSource(nameof(RealMessages))]
    public void Classifies_as_the_full_reader_does(string path)
    {
        var bytes = WireData.WcfClientMessage(path);
        var message = SoapMessageReader.Read(bytes);
        var expected = Expectation.FromFileName(path);

        var classification = MessageClassifier.Classify(bytes);

        classification.Error.Should().BeNull();
        classification.Kind.Should().Be(expected.Kind);
        classification.MessageNumber.Should().Be(message.Sequence?.MessageNumber ?? 0);
        classification.ExpectsReply.Should().Be(expected.Operation == "Append");
        classification.Acknowledgements.Should().HaveCount(message.Acknowledgements.Count);
    }

    [Test]
    public void Request_reply_CreateSequence_offers_a_reply_sequence_in_both_versions()
    {
        var create2005 = (CreateSequence)SoapMessageReader.Read(WireData.WcfClientMessage("rm2005/request-reply/001-CreateSequence-rm2005.xml")).Body;
        var create11 = (CreateSequence)SoapMessageReader.Read(WireData.WcfClientMessage("rm11/request-reply/001-CreateSequence-rm11.xml")).Body;
        var oneWayOnly = (CreateSequence)SoapMessageReader.Read(WireData.WcfClientMessage("rm11/oneway-contract/001-CreateSequence-rm11.xml")).Body;
        var unordered = (CreateSequence)SoapMessageReader.Read(WireData.WcfClientMessage("rm11/request-reply-unordered/001-CreateSequence-rm11.xml")).Body;

        create2005.Offer.Should().Be(new SequenceOffer("urn:uuid:84415abf-a2a8-4b92-b6a3-25518d1306ff"));
        create11.Offer!.Identifier.Should().Be("urn:uuid:3d09a571-a9fa-4fde-b5fe-ce1a9b31eb1a");
        create11.Offer.Endpoint!.IsAnonymous.Should().BeTrue();
        create11.Offer.IncompleteSequenceBehavior.Should().Be(IncompleteSequenceBehavior.DiscardFollowingFirstGap);
        unordered.Offer!.IncompleteSequenceBehavior.Should().Be(IncompleteSequenceBehavior.NoDiscard);
        oneWayOnly.Offer.Should().BeNull("a one-way-only contract sends no Offer");
    }

    [Test]
    public void The_client_acknowledges_replies_in_its_next_request_and_finally_on_close()
    {
        var append3 = SoapMessageReader.Read(WireData.WcfClientMessage("rm11/request-reply/004-Append-msg3-rm11.xml"));
        var close = SoapMessageReader.Read(WireData.WcfClientMessage("rm11/request-reply/007-CloseSequence-rm11.xml"));

        append3.Acknowledgements.Should().ContainSingle().Which.Ranges.Should().Equal(new SequenceRange(1, 2));
        var finalAck = close.Acknowledgements.Should().ContainSingle().Subject;
        finalAck.Final.Should().BeTrue();
        finalAck.Ranges.Should().Equal(new SequenceRange(1, 5));
        close.Body.Should().Be(new CloseSequence("urn:uuid:41071e83-6e5b-4c74-80aa-34b51ce56e31", 5));
    }

    [Test]
    public void The_payload_of_a_real_call_is_kept()
    {
        var message = SoapMessageReader.Read(WireData.WcfClientMessage("rm2005/request-reply/002-Append-msg1-rm2005.xml"));

        var append = ((ApplicationBody)message.Body).FirstElement!;
        append.Name.NamespaceName.Should().Be("http://harness.example/reliable");
        append.Elements().Select(e => (e.Name.LocalName, e.Value)).Should().Equal(("sequence", "1"), ("payload", "m1"));
    }

    /// <summary>What a capture's file name says it holds, e.g. <c>003-Post-msg2-rm11.xml</c>.</summary>
    private sealed partial record Expectation(MessageKind Kind, string? Operation, long Number)
    {
        public static Expectation FromFileName(string path)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var match = NamePattern().Match(name);
            match.Success.Should().BeTrue($"'{name}' follows the capture naming");
            var operation = match.Groups["op"].Value;
            var number = match.Groups["n"].Success ? long.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var kind = operation switch
            {
                "CreateSequence" => MessageKind.CreateSequence,
                "Append" or "Post" => MessageKind.Application,
                "LastMessage" => MessageKind.LastMessage,
                "CloseSequence" => MessageKind.CloseSequence,
                "TerminateSequence" => MessageKind.TerminateSequence,
                "AckRequested" => MessageKind.AckRequested,
                "Fault" => MessageKind.Fault,
                _ => MessageKind.Unknown,
            };
            return new Expectation(kind, operation, number);
        }

        [GeneratedRegex(@"^\d{3}-(?<op>[A-Za-z]+)(-msg(?<n>\d+))?")]
        private static partial Regex NamePattern();
    }
}

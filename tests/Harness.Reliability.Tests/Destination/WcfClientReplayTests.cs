using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Destination;

/// <summary>
/// Replays the real WCF client's requests (shared/wire/wcf-client) to the destination, message by message, and checks
/// that every answer has the shape the real client requires (shared/wire/README.md) and that the journal holds each
/// call once, in order. The captures name the capture stub's sequence and address; both are swapped for ours.
/// </summary>
public class WcfClientReplayTests
{
    [TestCase("rm2005/request-reply")]
    [TestCase("rm2005/oneway")]
    [TestCase("rm2005/oneway-contract")]
    [TestCase("rm2005/request-reply-polling")]
    [TestCase("rm2005/request-reply-unordered")]
    [TestCase("rm11/request-reply")]
    [TestCase("rm11/oneway")]
    [TestCase("rm11/oneway-contract")]
    [TestCase("rm11/request-reply-polling")]
    [TestCase("rm11/request-reply-unordered")]
    public async Task Every_request_of_the_real_client_gets_the_answer_it_requires(string scenario)
    {
        var capture = WcfClientCapture.Load(scenario);
        var rm = capture.Version;
        var settings = new ReliableSessionSettings { ReliableMessagingVersion = rm, Ordered = !scenario.EndsWith("-unordered", StringComparison.Ordinal) };
        await using var service = await ServiceFixture.StartAsync(settings);
        var sequenceId = await CreateSequenceAsync(service, capture);

        var delivered = 0;
        long replies = 0;
        long lastNumber = 0;
        foreach (var request in capture.Requests.Skip(1))
        {
            var xml = capture.Retarget(request, service.Endpoint, sequenceId);
            var sent = SoapMessageReader.Read(xml);
            var answer = await service.SendRawAsync(xml);
            var step = request.Name;
            lastNumber = Math.Max(lastNumber, sent.Sequence?.MessageNumber ?? 0);

            if (sent.Body is TerminateSequence && rm.IsFebruary2005)
            {
                // February 2005 has no TerminateSequence response: the client takes any 2xx.
                answer.Status.Should().BeInRange(200, 299, "of the answer to {0}: {1}", step, answer.Text);
                continue;
            }

            var message = answer.ShouldBeMessage(200, step);
            switch (sent)
            {
                case { Sequence.LastMessage: true }:
                    // February 2005 LastMessage: acknowledged; with an Offer, answered by our LastMessage on the reply
                    // sequence (the capture's TerminateSequence acknowledges that reply).
                    ShouldAcknowledgeExactly(message, sequenceId, lastNumber, final: false, step);
                    message.Sequence.Should().Be(
                        capture.OfferedSequenceId is { } offered ? new SequenceHeader(offered, ++replies, LastMessage: true) : null, step);
                    break;

                case { Sequence: not null } when sent.Action == JournalContract.PostAction:
                    delivered++;
                    ShouldBeAcknowledgementOnly(message, rm.SequenceAcknowledgementAction, step);
                    ShouldAcknowledgeExactly(message, sequenceId, lastNumber, final: false, step);
                    break;

                case { Sequence: not null } when sent.Action == JournalContract.AppendAction:
                    delivered++;
                    message.Action.Should().Be(JournalContract.AppendResponseAction, step);
                    message.Addressing.RelatesTo.Should().Be(sent.Addressing.MessageId, step);
                    message.Sequence.Should().Be(new SequenceHeader(capture.OfferedSequenceId!, ++replies), "replies travel on the offered sequence, numbered 1, 2, ... ({0})", step);
                    ShouldAcknowledgeExactly(message, sequenceId, lastNumber, final: false, step);
                    JournalContract.TryReadAppendResult(message.Body).Should().Be(delivered, "AppendResult counts the deliveries so far ({0})", step);
                    break;

                case { AckRequests.Count: > 0 }:
                    ShouldBeAcknowledgementOnly(message, rm.SequenceAcknowledgementAction, step);
                    ShouldAcknowledgeExactly(message, sequenceId, lastNumber, final: false, step);
                    break;

                case { Body: CloseSequence close }:
                    message.Action.Should().Be(rm.CloseSequenceResponseAction, step);
                    message.Addressing.RelatesTo.Should().Be(sent.Addressing.MessageId, step);
                    message.Body.Should().Be(new CloseSequenceResponse(sequenceId), step);
                    ShouldAcknowledgeExactly(message, sequenceId, close.LastMessageNumber!.Value, final: true, step);
                    break;

                case { Body: TerminateSequence terminate }:
                    message.Action.Should().Be(rm.TerminateSequenceResponseAction, step);
                    message.Addressing.RelatesTo.Should().Be(sent.Addressing.MessageId, step);
                    message.Body.Should().Be(new TerminateSequenceResponse(sequenceId), step);
                    ShouldAcknowledgeExactly(message, sequenceId, terminate.LastMessageNumber!.Value, final: true, step);
                    break;

                default:
                    Assert.Fail($"{step}: the replay does not know this kind of request.");
                    break;
            }
        }

        var calls = CallsIn(capture);
        calls.Select(c => c.Payload).Should().Equal(Enumerable.Range(1, calls.Length).Select(i => "m" + i), "the captures carry m1, m2, ...");
        service.Host.Journal.Entries.Select(e => (e.Session, new JournalCall(e.Operation, e.Sequence, e.Payload.Preview)))
            .Should().Equal(calls.Select(c => (sequenceId, c)), "every call is delivered exactly once, in order, on our sequence");
    }

    [TestCase("rm2005/oneway-contract-202")]
    [TestCase("rm11/oneway-contract-202")]
    public async Task A_one_way_message_and_its_retransmissions_get_200_with_the_same_acknowledgement_and_one_delivery(string scenario)
    {
        // The stub of this capture answered the first Post with an empty 202, and the client retransmitted it:
        // our destination must answer 200 + acknowledgement every time, and deliver once.
        var capture = WcfClientCapture.Load(scenario);
        var rm = capture.Version;
        await using var service = await ServiceFixture.StartAsync(new ReliableSessionSettings { ReliableMessagingVersion = rm });
        var sequenceId = await CreateSequenceAsync(service, capture);
        var posts = capture.Requests.Where(r => r.Message.Action == JournalContract.PostAction).ToArray();
        posts.Should().HaveCountGreaterThan(2).And.OnlyContain(p => p.Xml == posts[0].Xml, "the capture holds message 1 and its retransmissions");

        IReadOnlyList<SequenceAcknowledgement>? firstAcknowledgements = null;
        foreach (var post in posts)
        {
            var message = (await service.SendRawAsync(capture.Retarget(post, service.Endpoint, sequenceId))).ShouldBeMessage(200, post.Name);
            ShouldBeAcknowledgementOnly(message, rm.SequenceAcknowledgementAction, post.Name);
            ShouldAcknowledgeExactly(message, sequenceId, 1, final: false, post.Name);
            firstAcknowledgements ??= message.Acknowledgements;
            message.Acknowledgements.Should().Equal(firstAcknowledgements, "a retransmission gets the same acknowledgement ({0})", post.Name);
        }

        service.Host.Journal.Entries.Should().ContainSingle().Which.Should().Match<JournalEntry>(e => e.Session == sequenceId && e.Payload.Preview == "m1");
        service.ServiceEvents.OfKind(ReliabilityEventKind.Duplicate).Where(e => e.SequenceId == sequenceId)
            .Should().HaveCount(posts.Length - 1, "every retransmission is recognised as a duplicate");
    }

    [TestCase("rm2005/request-reply")]
    [TestCase("rm11/request-reply")]
    public async Task Behind_a_proxy_the_Accept_names_the_address_the_client_sent_to(string scenario)
    {
        // The client checks the Accept's AcksTo against the address it called, which behind the harness's proxy is
        // the proxy's, not the service's: the destination answers with the request's a:To.
        var capture = WcfClientCapture.Load(scenario);
        await using var service = await ServiceFixture.StartAsync(new ReliableSessionSettings { ReliableMessagingVersion = capture.Version });

        var message = (await service.SendRawAsync(capture.Requests[0].Xml)).ShouldBeMessage(200, capture.Requests[0].Name);

        message.Body.Should().BeOfType<CreateSequenceResponse>().Which.Accept!.AcksTo.Address.Should().Be(capture.RecordedEndpoint);
    }

    /// <summary>Replays the capture's CreateSequence to <paramref name="service"/>, checks the response and returns our identifier.</summary>
    private static async Task<string> CreateSequenceAsync(ServiceFixture service, WcfClientCapture capture)
    {
        var request = capture.Requests[0];
        var message = (await service.SendRawAsync(capture.Retarget(request, service.Endpoint))).ShouldBeMessage(200, request.Name);

        message.Action.Should().Be(capture.Version.CreateSequenceResponseAction);
        message.Addressing.RelatesTo.Should().Be(request.Message.Addressing.MessageId);
        var response = message.Body.Should().BeOfType<CreateSequenceResponse>().Subject;
        response.Identifier.Should().NotBe(capture.RecordedSequenceId);
        if (capture.OfferedSequenceId is null)
        {
            response.Accept.Should().BeNull("the client made no Offer, and rejects an Accept it did not ask for");
        }
        else
        {
            response.Accept.Should().NotBeNull("the client offered a reply sequence");
            response.Accept!.AcksTo.Address.Should().Be(service.Endpoint.AbsoluteUri);
        }

        return response.Identifier;
    }

    private static JournalCall[] CallsIn(WcfClientCapture capture) =>
        capture.Requests.Select(r => JournalContract.TryReadRequest(r.Message.Action, r.Message.Body, out _)).OfType<JournalCall>().ToArray();

    /// <summary>An ack-only message: the acknowledgement action, no Sequence header, an empty body.</summary>
    private static void ShouldBeAcknowledgementOnly(SoapMessage message, string acknowledgementAction, string step)
    {
        message.Action.Should().Be(acknowledgementAction, step);
        message.Sequence.Should().BeNull(step);
        message.Body.Should().BeOfType<ApplicationBody>().Which.IsEmpty.Should().BeTrue(step);
    }

    private static void ShouldAcknowledgeExactly(SoapMessage message, string sequenceId, long last, bool final, string step)
    {
        var acknowledgement = message.AcknowledgementFor(sequenceId);
        acknowledgement.Should().NotBeNull("the answer to {0} must acknowledge our sequence", step);
        acknowledgement!.Ranges.Should().Equal([new SequenceRange(1, last)], "the answer to {0} acknowledges exactly 1..{1}", step, last);
        acknowledgement.Final.Should().Be(final, step);
    }
}

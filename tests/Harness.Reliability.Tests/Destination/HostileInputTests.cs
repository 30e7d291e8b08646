using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Destination;

/// <summary>
/// Hostile and broken input to the destination: each gets the precise WS-RM fault, SOAP fault or HTTP 4xx, nothing
/// is delivered that should not be, and afterwards the service still serves a normal session.
/// </summary>
public class HostileInputTests
{
    /// <summary>How often the destination looks for idle sequences in these tests (well below a quarter of their timeouts).</summary>
    private static readonly TimeSpan IdleScanInterval = TimeSpan.FromMilliseconds(250);

    [Test]
    public async Task A_message_for_an_unknown_sequence_gets_UnknownSequence_naming_it([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var unknown = "urn:uuid:" + Guid.NewGuid();

        var answer = await service.SendRawAsync(text.Post(unknown, 1));

        answer.ShouldBeSequenceFault(SequenceFaultCode.UnknownSequence, unknown);
        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task MessageNumber_0_gets_400_with_a_Sender_fault([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);

        var answer = await service.SendRawAsync(text.Post(sequenceId, "0", call: 1));

        answer.ShouldBeSoapFault(400, SoapFaultCode.Sender);
        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task A_MessageNumber_past_the_maximum_gets_MessageNumberRollover_naming_the_sequence([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);

        // long.MaxValue + 1: the first number past the WS-RM maximum.
        var answer = await service.SendRawAsync(text.Post(sequenceId, "9223372036854775808", call: 1));

        answer.ShouldBeSequenceFault(SequenceFaultCode.MessageNumberRollover, sequenceId);
        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task An_acknowledgement_of_a_reply_never_sent_gets_InvalidAcknowledgement_and_its_message_is_not_delivered([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, offeredId) = await CreateSequenceAsync(service, text, offer: true);
        (await service.SendRawAsync(text.Append(sequenceId, 1))).ShouldBeMessage(200, "Append 1").Sequence!.MessageNumber.Should().Be(1);

        // Reply 1 was sent; reply 2 never was.
        var answer = await service.SendRawAsync(text.Append(sequenceId, 2, RmRequestText.AcknowledgementHeader(offeredId!, 1, 2)));

        answer.ShouldBeSequenceFault(SequenceFaultCode.InvalidAcknowledgement, offeredId);
        service.Host.Journal.EntriesOf(sequenceId).Select(e => e.Payload.Preview).Should().Equal("m1");
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task A_flood_of_CreateSequence_is_bounded_by_MaxSequences_until_the_InactivityTimeout_cleans_up([Values("2005", "11")] string rm)
    {
        const int requests = 1000;
        const int maxSequences = 50;
        var clock = new ManualClock();
        var settings = Settings(rm) with { InactivityTimeout = TimeSpan.FromSeconds(2) };
        await using var service = await ServiceFixture.StartAsync(
            settings, configure: options => options with { MaxSequences = maxSequences, InactivityScanInterval = IdleScanInterval, Clock = clock.Clock });
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var destination = service.Host.Destination;
        var answers = new ConcurrentBag<RawAnswer>();
        var mostSequences = 0;
        using var flood = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        await Parallel.ForEachAsync(
            Enumerable.Range(0, requests),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = flood.Token },
            async (_, cancellationToken) =>
            {
                // Each with its own MessageID and Offer, so none is taken for a retransmission of another.
                var xml = text.CreateSequence("urn:uuid:" + Guid.NewGuid());
                answers.Add(await service.SendRawAsync(xml, cancellationToken: cancellationToken));
                InterlockedMax(ref mostSequences, destination.SequenceCount);
            });

        answers.Should().HaveCount(requests);
        var accepted = answers.Where(a => a.Message?.Body is CreateSequenceResponse).ToArray();
        foreach (var refused in answers.Where(a => a.Message?.Body is not CreateSequenceResponse))
        {
            refused.ShouldBeSequenceFault(SequenceFaultCode.CreateSequenceRefused, null);
        }

        // The first MaxSequences are accepted; more only once those expire, and the destination's clock stands still
        // during the flood. The journal accepts every session at once, so none waits to be accepted and
        // MaxPendingChannels refuses nothing.
        accepted.Length.Should().Be(maxSequences);
        mostSequences.Should().BeLessThanOrEqualTo(maxSequences);
        destination.PendingCount.Should().Be(0);

        // Never used, the accepted sequences expire after the InactivityTimeout and make room again.
        await ScanUntilEveryIdleSequenceExpiredAsync(clock, destination);
        clock.Elapsed.Should().Be(settings.InactivityTimeout + IdleScanInterval, "they expire at the first scan past the timeout");
        var acceptedIds = accepted.Select(a => ((CreateSequenceResponse)a.Message!.Body).Identifier).ToArray();
        acceptedIds.Should().OnlyHaveUniqueItems();
        service.ServiceEvents.OfKind(ReliabilityEventKind.SequenceExpired).Select(e => e.SequenceId).Should().BeEquivalentTo(acceptedIds);
        (await service.SendRawAsync(text.CreateSequence())).ShouldBeMessage(200, "CreateSequence after the cleanup").Body.Should().BeOfType<CreateSequenceResponse>();
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task Twenty_idle_CreateSequence_requests_cannot_keep_a_real_session_out([Values("2005", "11")] string rm)
    {
        var clock = new ManualClock();
        var settings = Settings(rm) with { MaxPendingChannels = 4, InactivityTimeout = TimeSpan.FromSeconds(3) };
        await using var service = await ServiceFixture.StartAsync(settings, configure: options => options with { InactivityScanInterval = IdleScanInterval, Clock = clock.Clock });
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var destination = service.Host.Destination;

        var idle = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            idle.Add((await CreateSequenceAsync(service, text, offer: i % 2 == 0)).SequenceId);
        }

        // The journal accepted each at once: none is pending, so the next session is not refused.
        destination.PendingCount.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);

        // Idle sequences still end after the InactivityTimeout.
        destination.SequenceCount.Should().Be(idle.Count);
        await ScanUntilEveryIdleSequenceExpiredAsync(clock, destination);
        service.ServiceEvents.OfKind(ReliabilityEventKind.SequenceExpired).Select(e => e.SequenceId).Should().BeEquivalentTo(idle);
    }

    [Test]
    public async Task With_a_slow_accept_CreateSequence_past_MaxPendingChannels_is_refused_until_the_application_accepts([Values("2005", "11")] string rm)
    {
        var clock = new ManualClock();
        var acceptDelay = TimeSpan.FromSeconds(2);
        var settings = Settings(rm) with { MaxPendingChannels = 2 };
        await using var service = await ServiceFixture.StartAsync(settings, configure: options => options with { AcceptDelay = acceptDelay, Clock = clock.Clock });
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var destination = service.Host.Destination;

        // All of it before the application accepts: the destination's clock does not move until the test moves it.
        var (first, _) = await CreateSequenceAsync(service, text, offer: false);
        await CreateSequenceAsync(service, text, offer: false);
        var refused = await service.SendRawAsync(text.CreateSequence());
        var earlyPost = await service.SendRawAsync(text.Post(first, 1));

        refused.ShouldBeSequenceFault(SequenceFaultCode.CreateSequenceRefused, null).Reason.Should().Contain("MaxPendingChannels");
        // Not delivered, so not acknowledged: an empty 202 (February 2005 cannot say "none") or 1.1's None.
        earlyPost.Status.Should().BeOneOf([200, 202], earlyPost.Text);
        (earlyPost.Message?.Acknowledgements ?? []).Should().NotContain(a => a.Ranges.Count > 0, "nothing was delivered: {0}", earlyPost.Text);
        service.Host.Journal.Count.Should().Be(0);

        // Once the application accepts, the pending slots free up and the resent message is delivered.
        destination.PendingCount.Should().Be(2);
        clock.Advance(acceptDelay - TimeSpan.FromTicks(1));
        destination.PendingCount.Should().Be(2, "the application has not accepted yet");
        clock.Advance(TimeSpan.FromTicks(1));
        destination.PendingCount.Should().Be(0);
        (await service.SendRawAsync(text.CreateSequence())).ShouldBeMessage(200, "CreateSequence after the accept").Body.Should().BeOfType<CreateSequenceResponse>();
        (await service.SendRawAsync(text.Post(first, 1))).ShouldBeMessage(200, "Post 1 resent after the accept").Acknowledgements.Should().ContainSingle().Which.Ranges.Should().NotBeEmpty();
        service.Host.Journal.EntriesOf(first).Select(e => e.Payload.Preview).Should().Equal("m1");
    }

    [TestCase(true, true, TestName = "A_50_MB_body_with_its_length_declared_and_Expect_100_continue_gets_413_without_being_sent")]
    [TestCase(true, false, TestName = "A_50_MB_body_with_its_length_declared_gets_413_or_is_cut_short")]
    [TestCase(false, false, TestName = "A_50_MB_chunked_body_gets_413_or_is_cut_short")]
    public async Task A_50_MB_body_is_refused(bool declaredLength, bool expectContinue)
    {
        var settings = Settings("2005");
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);

        // A well-formed Post whose payload is 50 MB: the Content-Length or the bytes read give it away.
        var post = text.Post(sequenceId, 1);
        var payloadAt = post.IndexOf("m1</payload>", StringComparison.Ordinal);
        var content = new GeneratedContent(post[..payloadAt], 50L * 1024 * 1024, post[payloadAt..], declaredLength);
        RawAnswer? answer = null;
        try
        {
            answer = await service.SendRawAsync(content, expectContinue);
        }
        catch (HttpRequestException ex) when (!expectContinue && ex.InnerException is IOException)
        {
            // The server answered 413 and closed the connection while the upload was still going: HttpClient reports
            // the failed write, not the answer. Acceptable only if the server stopped reading early (and, below,
            // still serves).
            content.BytesWritten.Should().BeLessThan(content.TotalLength, "the server must cut the upload short");
        }

        if (answer is not null)
        {
            answer.Status.Should().Be(413, answer.Text);
        }

        if (expectContinue)
        {
            content.BytesWritten.Should().Be(0, "the declared length alone decides; no 100 Continue is sent");
        }

        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task A_DTD_with_entity_expansion_is_refused_unexpanded_with_400_and_a_SOAP_fault()
    {
        var settings = Settings("2005");
        await using var service = await ServiceFixture.StartAsync(settings);
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var billionLaughs = $"""<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY lol0 "lol">{entities}]><s:Envelope xmlns:s="{RmRequestText.SoapNamespace}"><s:Body><Post xmlns="{JournalContract.Namespace}"><sequence>1</sequence><payload>&lol9;</payload></Post></s:Body></s:Envelope>""";

        // Bounded only against a hang; that the DTD is refused, not expanded, the fault's reason says.
        var answer = await service.SendRawAsync(billionLaughs).WaitAsync(TimeSpan.FromSeconds(60));

        answer.ShouldBeSoapFault(400, SoapFaultCode.Sender).Reason.Should().Contain("a DTD is not allowed");
        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task A_Sequence_header_without_a_Body_gets_400_with_a_SOAP_fault([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);
        var post = text.Post(sequenceId, 1);
        var withoutBody = post[..post.IndexOf("<s:Body>", StringComparison.Ordinal)] + "</s:Envelope>";

        var answer = await service.SendRawAsync(withoutBody);

        answer.ShouldBeSoapFault(400, SoapFaultCode.Sender);
        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    /// <summary>Where and how an XML-illegal character is put into an Append: raw bytes, a character reference, or invalid UTF-8.</summary>
    public static IEnumerable<TestCaseData> IllegalCharacterAppends()
    {
        static TestCaseData Case(string name, Func<string, byte[]> bend) => new TestCaseData(bend).SetArgDisplayNames(name);
        yield return Case("raw 0x01 in the payload", append => Splice(append, "m1<", [(byte)'m', 0x01, (byte)'1', (byte)'<']));
        yield return Case("raw 0x01 in the MessageID header", append => Splice(append, "<a:MessageID>urn:uuid:", [.. Encoding.UTF8.GetBytes("<a:MessageID>urn:uuid:"), 0x01]));
        yield return Case("&#x1; in the payload", append => Encoding.UTF8.GetBytes(append.Replace("m1<", "m&#x1;1<", StringComparison.Ordinal)));
        yield return Case("&#x1; in the MessageID header", append => Encoding.UTF8.GetBytes(append.Replace("<a:MessageID>urn:uuid:", "<a:MessageID>urn:uuid:&#x1;", StringComparison.Ordinal)));
        yield return Case("invalid UTF-8 in the payload", append => Splice(append, "m1<", [(byte)'m', 0xFF, (byte)'1', (byte)'<']));
        yield return Case("invalid UTF-8 in the MessageID header", append => Splice(append, "<a:MessageID>urn:uuid:", [.. Encoding.UTF8.GetBytes("<a:MessageID>urn:uuid:"), 0xC3, 0x28]));
        yield return Case("NUL in the payload", append => Splice(append, "m1<", [(byte)'m', 0x00, (byte)'1', (byte)'<']));
    }

    /// <summary>
    /// The harness refuses these with 400 and a SOAP fault, like any unreadable request. CoreWCF answers a raw 0x01 in
    /// the body with a DeserializationFailed fault, one in a header with an empty 400, and accepts <c>&amp;#x1;</c>
    /// (its reader is lenient there): the harness stays with XML 1.0, so that what it delivers is always well-formed.
    /// </summary>
    [TestCaseSource(nameof(IllegalCharacterAppends))]
    public async Task An_XML_illegal_character_gets_400_with_a_SOAP_fault_and_no_delivery(Func<string, byte[]> bend)
    {
        var settings = Settings("2005");
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: true);

        var answer = await service.SendRawAsync(bend(text.Append(sequenceId, 1)));

        answer.ShouldBeSoapFault(400, SoapFaultCode.Sender).Reason.Should().Contain("could not be read");
        service.Host.Journal.Count.Should().Be(0);

        // The sequence is unaffected: the intact message 1 is still delivered and answered.
        (await service.SendRawAsync(text.Append(sequenceId, 1))).ShouldBeMessage(200, "the intact Append 1").Sequence!.MessageNumber.Should().Be(1);
        service.Host.Journal.EntriesOf(sequenceId).Select(e => e.Payload.Preview).Should().Equal("m1");
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task An_empty_body_gets_400_with_a_SOAP_fault()
    {
        var settings = Settings("2005");
        await using var service = await ServiceFixture.StartAsync(settings);

        var answer = await service.SendRawAsync(Array.Empty<byte>());

        answer.ShouldBeSoapFault(400, SoapFaultCode.Sender);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task A_request_without_a_Content_Type_gets_415()
    {
        var settings = Settings("2005");
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text.CreateSequence()));

        var answer = await service.SendRawAsync(content);

        answer.Status.Should().Be(415, answer.Text);
        service.Host.Destination.SequenceCount.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task A_failure_inside_the_service_gets_500_with_a_Receiver_fault_and_is_logged()
    {
        var settings = Settings("2005");
        var errorLog = new StringWriter();
        await using var service = await ServiceFixture.StartAsync(
            settings,
            configureHost: options => options with { Events = new FailsOnFirstSequence(), ErrorLog = errorLog });
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);

        var answer = await service.SendRawAsync(text.CreateSequence("urn:uuid:" + Guid.NewGuid()));

        answer.ShouldBeSoapFault(500, SoapFaultCode.Receiver).Reason.Should().NotContain(FailsOnFirstSequence.Text, "the service's insides stay in its log");
        answer.ShouldBeMessage(500, "the failed CreateSequence");
        errorLog.ToString().Should().Contain(FailsOnFirstSequence.Text).And.Contain("/journal");
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task A_wrong_Content_Type_gets_415()
    {
        var settings = Settings("2005");
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);

        var answer = await service.SendRawAsync(text.Post(sequenceId, 1), "text/plain; charset=utf-8");

        answer.Status.Should().Be(415);
        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task Truncated_XML_gets_400_with_a_SOAP_fault([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);
        var post = text.Post(sequenceId, 1);

        var answer = await service.SendRawAsync(post[..(post.Length - 40)]);

        answer.ShouldBeSoapFault(400, SoapFaultCode.Sender);
        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task An_unknown_mustUnderstand_header_gets_a_MustUnderstand_fault_and_no_delivery([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);
        const string unknownHeader = """<x:Secret xmlns:x="urn:example:unknown" s:mustUnderstand="1">42</x:Secret>""";

        var answer = await service.SendRawAsync(text.Post(sequenceId, 1, unknownHeader));

        answer.ShouldBeSoapFault(500, SoapFaultCode.MustUnderstand).Reason.Should().Contain("Secret", "the fault names the header");
        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [TestCase("2005", "TerminateSequence")]
    [TestCase("11", "TerminateSequence")]
    [TestCase("11", "CloseSequence")]
    public async Task Ending_an_unknown_sequence_gets_UnknownSequence_naming_it(string rm, string request)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var unknown = "urn:uuid:" + Guid.NewGuid();

        var answer = await service.SendRawAsync(request == "CloseSequence" ? text.CloseSequence(unknown, 1) : text.TerminateSequence(unknown, 1));

        answer.ShouldBeSequenceFault(SequenceFaultCode.UnknownSequence, unknown);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task A_message_after_TerminateSequence_gets_SequenceTerminated([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);
        (await service.SendRawAsync(text.Post(sequenceId, 1))).ShouldBeMessage(200, "Post 1");
        (await service.SendRawAsync(text.TerminateSequence(sequenceId, 1))).Status.Should().BeInRange(200, 299);

        var answer = await service.SendRawAsync(text.Post(sequenceId, 2));

        answer.ShouldBeSequenceFault(SequenceFaultCode.SequenceTerminated, sequenceId);
        service.Host.Journal.EntriesOf(sequenceId).Select(e => e.Payload.Preview).Should().Equal("m1");
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task In_WS_RM_11_a_message_after_CloseSequence_gets_SequenceClosed()
    {
        var settings = Settings("11");
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);
        (await service.SendRawAsync(text.Post(sequenceId, 1))).ShouldBeMessage(200, "Post 1");
        (await service.SendRawAsync(text.CloseSequence(sequenceId, 1))).ShouldBeMessage(200, "CloseSequence").Body.Should().BeOfType<CloseSequenceResponse>();

        var answer = await service.SendRawAsync(text.Post(sequenceId, 2));

        answer.ShouldBeSequenceFault(SequenceFaultCode.SequenceClosed, sequenceId);
        service.Host.Journal.EntriesOf(sequenceId).Select(e => e.Payload.Preview).Should().Equal("m1");
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task In_WS_RM_2005_a_message_numbered_above_the_LastMessage_gets_LastMessageNumberExceeded()
    {
        var settings = Settings("2005");
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);
        (await service.SendRawAsync(text.Post(sequenceId, 1))).ShouldBeMessage(200, "Post 1");
        (await service.SendRawAsync(text.LastMessage(sequenceId, 2))).ShouldBeMessage(200, "LastMessage 2");

        var answer = await service.SendRawAsync(text.Post(sequenceId, 3));

        answer.ShouldBeSequenceFault(SequenceFaultCode.LastMessageNumberExceeded, sequenceId);
        service.Host.Journal.EntriesOf(sequenceId).Select(e => e.Payload.Preview).Should().Equal("m1");
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task An_Append_on_a_sequence_created_without_an_Offer_gets_a_fault_and_is_not_delivered([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);

        var answer = await service.SendRawAsync(text.Append(sequenceId, 1));

        // There is no sequence to carry the reply on: the sender is at fault.
        answer.ShouldBeSoapFault(500, SoapFaultCode.Sender);
        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    [Test]
    public async Task A_plain_Post_to_the_reliable_endpoint_gets_a_fault_and_is_not_delivered([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);

        var answer = await service.SendRawAsync(text.PlainPost(1));

        if (settings.ReliableMessagingVersion.Is11)
        {
            answer.ShouldBeSequenceFault(SequenceFaultCode.WsrmRequired, null);
        }
        else
        {
            // February 2005 has no WSRMRequired: a plain Sender fault.
            answer.ShouldBeSoapFault(500, SoapFaultCode.Sender);
        }

        service.Host.Journal.Count.Should().Be(0);
        await ShouldStillServeANormalSessionAsync(service, settings);
    }

    private static byte[] Splice(string xml, string marker, byte[] replacement)
    {
        var at = xml.IndexOf(marker, StringComparison.Ordinal);
        at.Should().BeGreaterThanOrEqualTo(0, "the request must hold '{0}'", marker);
        return [.. Encoding.UTF8.GetBytes(xml[..at]), .. replacement, .. Encoding.UTF8.GetBytes(xml[(at + marker.Length)..])];
    }

    private static ReliableSessionSettings Settings(string rm) =>
        new() { ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm)! };

    /// <summary>Creates a real sequence with a raw CreateSequence; returns our identifier and the offered one.</summary>
    private static async Task<(string SequenceId, string? OfferedId)> CreateSequenceAsync(ServiceFixture service, RmRequestText text, bool offer)
    {
        var offeredId = offer ? "urn:uuid:" + Guid.NewGuid() : null;
        var message = (await service.SendRawAsync(text.CreateSequence(offeredId))).ShouldBeMessage(200, "CreateSequence");
        return (message.Body.Should().BeOfType<CreateSequenceResponse>().Subject.Identifier, offeredId);
    }

    /// <summary>The proof that the hostile input did no lasting harm: a whole request-reply session still works.</summary>
    private static async Task ShouldStillServeANormalSessionAsync(ServiceFixture service, ReliableSessionSettings settings)
    {
        await using var session = await service.OpenAsync(settings, expectReplies: true);
        for (var i = 1; i <= 3; i++)
        {
            (await session.AppendAsync(i, "after-" + i, TestTimeout.Token)).Should().Be(i);
        }

        await session.CloseAsync(TestTimeout.Token);
        service.Host.Journal.EntriesOf(session.SessionId).Select(e => e.Payload.Preview).Should().Equal("after-1", "after-2", "after-3");
    }

    /// <summary>
    /// Moves the destination's clock from one idle scan to the next until every sequence has expired; the scanner arms
    /// its next wait only once a scan is over.
    /// </summary>
    private static async Task ScanUntilEveryIdleSequenceExpiredAsync(ManualClock clock, Reliability.Destination.ReliableDestination destination)
    {
        for (var scans = 0; destination.SequenceCount > 0; scans++)
        {
            scans.Should().BeLessThan(100, "idle sequences must expire ({0} left)", destination.SequenceCount);
            clock.AdvanceTo((await clock.NextTimerAsync(d => d == IdleScanInterval, TestTimeout.Token)).DueAt);
            await clock.NextTimerAsync(d => d == IdleScanInterval, TestTimeout.Token);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>An event sink that throws on the first sequence accepted: a stand-in for any bug inside the service.</summary>
    private sealed class FailsOnFirstSequence : IReliabilityEventSink
    {
        public const string Text = "simulated failure inside the destination";
        private int _failed;

        public void Record(ReliabilityEvent reliabilityEvent)
        {
            if (reliabilityEvent.Kind == ReliabilityEventKind.SequenceAccepted && Interlocked.Exchange(ref _failed, 1) == 0)
            {
                throw new InvalidOperationException(Text);
            }
        }
    }

    /// <summary>A body generated on the fly (no 50 MB buffer), with or without a declared Content-Length.</summary>
    private sealed class GeneratedContent : HttpContent
    {
        private readonly byte[] _prefix;
        private readonly long _fillerBytes;
        private readonly byte[] _suffix;
        private readonly bool _declareLength;
        private long _bytesWritten;

        public GeneratedContent(string prefix, long fillerBytes, string suffix, bool declareLength)
        {
            _prefix = Encoding.UTF8.GetBytes(prefix);
            _fillerBytes = fillerBytes;
            _suffix = Encoding.UTF8.GetBytes(suffix);
            _declareLength = declareLength;
            Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(RawSoapExchange.SoapContentType);
        }

        public long TotalLength => _prefix.Length + _fillerBytes + _suffix.Length;

        /// <summary>How much of the body the transport took before it stopped (or finished).</summary>
        public long BytesWritten => Interlocked.Read(ref _bytesWritten);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await WriteAsync(stream, _prefix, cancellationToken);
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var left = _fillerBytes; left > 0; left -= chunk.Length)
            {
                await WriteAsync(stream, chunk.AsMemory(0, (int)Math.Min(left, chunk.Length)), cancellationToken);
            }

            await WriteAsync(stream, _suffix, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = TotalLength;
            return _declareLength;
        }

        private async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(bytes, cancellationToken);
            Interlocked.Add(ref _bytesWritten, bytes.Length);
        }
    }
}

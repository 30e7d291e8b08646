using System.Text;
using System.Xml;
using Harness.Protocol.Classification;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;

namespace Harness.Protocol.Tests.Serialization;

/// <summary>Every malformed input gives a typed <see cref="WireProtocolException"/>; the classifier never throws.</summary>
public class MalformedInputTests
{
    private const string Rm2005 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
    private const string Rm11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";

    public static IEnumerable<TestCaseData> MalformedMessages()
    {
        static TestCaseData Case(string name, string xml, WireErrorKind kind) => new TestCaseData(xml, kind).SetArgDisplayNames(name);

        yield return Case("empty input", string.Empty, WireErrorKind.MalformedXml);
        yield return Case("not XML", "this is not xml", WireErrorKind.MalformedXml);
        yield return Case("truncated envelope", Application(Rm2005, "1")[..200], WireErrorKind.MalformedXml);
        yield return Case("truncated inside the body", Application(Rm2005, "1")[..^30], WireErrorKind.MalformedXml);
        yield return Case("unbalanced tags", "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body></s:Header></s:Envelope>", WireErrorKind.MalformedXml);
        yield return Case("content after the envelope", Application(Rm2005, "1") + "<extra/>", WireErrorKind.MalformedXml);
        yield return Case("unknown envelope namespace", Application(Rm2005, "1").Replace("http://www.w3.org/2003/05/soap-envelope", "http://example.com/not-soap", StringComparison.Ordinal), WireErrorKind.VersionMismatch);
        yield return Case("root is not an envelope", "<Append xmlns=\"http://harness.example/reliable\"/>", WireErrorKind.VersionMismatch);
        yield return Case("envelope without body", "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header/></s:Envelope>", WireErrorKind.InvalidEnvelope);
        yield return Case("element after the body in SOAP 1.2", Application(Rm2005, "1").Replace("</s:Body>", "</s:Body><s:Trailer/>", StringComparison.Ordinal), WireErrorKind.InvalidEnvelope);
        yield return Case("duplicate Action header", Application(Rm2005, "1").Replace("<s:Header>", "<s:Header><a:Action>x</a:Action>", StringComparison.Ordinal), WireErrorKind.InvalidEnvelope);
        yield return Case("duplicate Sequence header", Application(Rm2005, "1").Replace("<s:Header>", $"<s:Header><r:Sequence><r:Identifier>urn:x</r:Identifier><r:MessageNumber>1</r:MessageNumber></r:Sequence>", StringComparison.Ordinal), WireErrorKind.InvalidEnvelope);
        yield return Case("missing Identifier", Application(Rm2005, "1").Replace("<r:Identifier>urn:uuid:seq</r:Identifier>", string.Empty, StringComparison.Ordinal), WireErrorKind.InvalidContent);
        yield return Case("empty Identifier", Application(Rm2005, "1").Replace("urn:uuid:seq", " ", StringComparison.Ordinal), WireErrorKind.InvalidContent);
        yield return Case("missing MessageNumber", Application(Rm2005, "1").Replace("<r:MessageNumber>1</r:MessageNumber>", string.Empty, StringComparison.Ordinal), WireErrorKind.InvalidContent);
        yield return Case("MessageNumber 0", Application(Rm2005, "0"), WireErrorKind.InvalidMessageNumber);
        yield return Case("MessageNumber 000", Application(Rm11, "000"), WireErrorKind.InvalidMessageNumber);
        yield return Case("negative MessageNumber", Application(Rm2005, "-1"), WireErrorKind.InvalidMessageNumber);
        yield return Case("MessageNumber not a number", Application(Rm11, "seven"), WireErrorKind.InvalidMessageNumber);
        yield return Case("MessageNumber with a sign", Application(Rm11, "+5"), WireErrorKind.InvalidMessageNumber);
        yield return Case("MessageNumber fractional", Application(Rm11, "1.5"), WireErrorKind.InvalidMessageNumber);
        yield return Case("MessageNumber past the maximum by one", Application(Rm2005, "9223372036854775808"), WireErrorKind.MessageNumberRollover);
        yield return Case("MessageNumber past the unsigned maximum", Application(Rm11, "99999999999999999999999"), WireErrorKind.MessageNumberRollover);
        yield return Case("LastMessage in WS-RM 1.1", Application(Rm11, "1").Replace("</r:MessageNumber>", "</r:MessageNumber><r:LastMessage/>", StringComparison.Ordinal), WireErrorKind.InvalidContent);
        yield return Case("overlapping acknowledgement ranges", Ack(Rm2005, "<r:AcknowledgementRange Lower=\"1\" Upper=\"5\"/><r:AcknowledgementRange Lower=\"4\" Upper=\"9\"/>"), WireErrorKind.InvalidAcknowledgement);
        yield return Case("acknowledgement range upside down", Ack(Rm2005, "<r:AcknowledgementRange Lower=\"5\" Upper=\"1\"/>"), WireErrorKind.InvalidAcknowledgement);
        yield return Case("acknowledgement range from 0", Ack(Rm11, "<r:AcknowledgementRange Lower=\"0\" Upper=\"3\"/>"), WireErrorKind.InvalidAcknowledgement);
        yield return Case("acknowledgement range without Upper", Ack(Rm11, "<r:AcknowledgementRange Lower=\"1\"/>"), WireErrorKind.InvalidAcknowledgement);
        yield return Case("acknowledgement without ranges", Ack(Rm2005, string.Empty), WireErrorKind.InvalidAcknowledgement);
        yield return Case("acknowledgement with ranges and Nack", Ack(Rm2005, "<r:AcknowledgementRange Lower=\"1\" Upper=\"1\"/><r:Nack>2</r:Nack>"), WireErrorKind.InvalidAcknowledgement);
        yield return Case("acknowledgement with None and ranges", Ack(Rm11, "<r:AcknowledgementRange Lower=\"1\" Upper=\"1\"/><r:None/>"), WireErrorKind.InvalidAcknowledgement);
        yield return Case("Final in WS-RM February 2005", Ack(Rm2005, "<r:AcknowledgementRange Lower=\"1\" Upper=\"1\"/><r:Final/>"), WireErrorKind.InvalidContent);
        yield return Case("Nack 0", Ack(Rm2005, "<r:Nack>0</r:Nack>"), WireErrorKind.InvalidMessageNumber);
        yield return Case("RM versions mixed between headers", Application(Rm2005, "1").Replace("</s:Header>", $"<q:AckRequested xmlns:q=\"{Rm11}\"><q:Identifier>urn:x</q:Identifier></q:AckRequested></s:Header>", StringComparison.Ordinal), WireErrorKind.MixedVersions);
        yield return Case("RM versions mixed inside an element", Application(Rm2005, "1").Replace("<r:MessageNumber>1</r:MessageNumber>", $"<q:MessageNumber xmlns:q=\"{Rm11}\">1</q:MessageNumber>", StringComparison.Ordinal), WireErrorKind.MixedVersions);
        yield return Case("RM action of the other version", CreateSequence(Rm11).Replace($"{Rm11}/CreateSequence<", $"{Rm2005}/CreateSequence<", StringComparison.Ordinal), WireErrorKind.MixedVersions);
        yield return Case("addressing versions mixed", Application(Rm2005, "1").Replace("</s:Header>", "<w:MessageID xmlns:w=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">urn:y</w:MessageID></s:Header>", StringComparison.Ordinal), WireErrorKind.MixedVersions);
        yield return Case("action does not match the body", CreateSequence(Rm2005).Replace("/CreateSequence<", "/TerminateSequence<", StringComparison.Ordinal), WireErrorKind.ActionMismatch);
        yield return Case("RM body without action", CreateSequence(Rm2005).Replace($"<a:Action s:mustUnderstand=\"1\">{Rm2005}/CreateSequence</a:Action>", string.Empty, StringComparison.Ordinal), WireErrorKind.ActionMismatch);
        yield return Case("ack action without ack header", Envelope(Rm2005, $"<a:Action>{Rm2005}/SequenceAcknowledgement</a:Action>", string.Empty), WireErrorKind.ActionMismatch);
        yield return Case("CloseSequence action in WS-RM February 2005", Envelope(Rm2005, $"<a:Action>{Rm2005}/CloseSequence</a:Action>", string.Empty), WireErrorKind.ActionMismatch);
        yield return Case("CreateSequence without AcksTo", CreateSequence(Rm2005).Replace("<r:AcksTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></r:AcksTo>", string.Empty, StringComparison.Ordinal), WireErrorKind.InvalidContent);
        yield return Case("AcksTo without Address", CreateSequence(Rm2005).Replace("<a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address>", string.Empty, StringComparison.Ordinal), WireErrorKind.InvalidContent);
        yield return Case("unknown element in an RM element", CreateSequence(Rm2005).Replace("</r:CreateSequence>", "<r:Bogus/></r:CreateSequence>", StringComparison.Ordinal), WireErrorKind.InvalidContent);
        yield return Case("invalid Expires", CreateSequence(Rm11).Replace("</r:AcksTo>", "</r:AcksTo><r:Expires>tomorrow</r:Expires>", StringComparison.Ordinal), WireErrorKind.InvalidContent);
        yield return Case("DTD with entity expansion", BillionLaughs(), WireErrorKind.DtdProhibited);
        yield return Case("external entity", "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>&x;</s:Body></s:Envelope>", WireErrorKind.DtdProhibited);
        yield return Case("deeply nested body", Envelope(Rm2005, string.Empty, string.Concat(Enumerable.Repeat("<x>", 100)) + string.Concat(Enumerable.Repeat("</x>", 100))), WireErrorKind.TooDeep);
        yield return Case("fault without code", Envelope(Rm2005, string.Empty, "<s:Fault><s:Reason><s:Text>x</s:Text></s:Reason></s:Fault>"), WireErrorKind.InvalidContent);
        yield return Case("fault code with undeclared prefix", Envelope(Rm2005, string.Empty, "<s:Fault><s:Code><s:Value>zz:Sender</s:Value></s:Code></s:Fault>"), WireErrorKind.InvalidContent);
    }

    [TestCaseSource(nameof(MalformedMessages))]
    public void The_reader_reports_the_typed_error(string xml, WireErrorKind kind)
    {
        var read = () => SoapMessageReader.Read(Encoding.UTF8.GetBytes(xml));

        read.Should().Throw<WireProtocolException>().Which.Kind.Should().Be(kind);
    }

    [TestCaseSource(nameof(MalformedMessages))]
    public void TryRead_reports_instead_of_throwing(string xml, WireErrorKind kind)
    {
        SoapMessageReader.TryRead(Encoding.UTF8.GetBytes(xml), out var message, out var error).Should().BeFalse();

        message.Should().BeNull();
        error!.Kind.Should().Be(kind);
    }

    [TestCaseSource(nameof(MalformedMessages))]
    public void The_classifier_never_throws(string xml, WireErrorKind kind)
    {
        var classify = () => MessageClassifier.Classify(Encoding.UTF8.GetBytes(xml));

        classify.Should().NotThrow(kind.ToString());
    }

    [TestCase("IJournal/Post", TestName = "Bytes invalid in UTF-8 inside a header's text give the typed error")]
    [TestCase("<payload>m", TestName = "Bytes invalid in UTF-8 inside the payload give the typed error")]
    public void Bytes_invalid_in_the_encoding_give_the_typed_error(string after)
    {
        // The XML reader decodes text lazily, when its value is asked for: the error surfaced there, untranslated.
        var xml = Application(Rm2005, "1");
        var at = Encoding.UTF8.GetByteCount(xml[..(xml.IndexOf(after, StringComparison.Ordinal) + after.Length)]);
        var bytes = Encoding.UTF8.GetBytes(xml);
        byte[] damaged = [.. bytes[..at], 0xEC, .. bytes[at..]];

        var read = () => SoapMessageReader.Read(damaged);

        read.Should().Throw<WireProtocolException>().Which.Kind.Should().Be(WireErrorKind.MalformedXml);
        var classify = () => MessageClassifier.Classify(damaged);
        classify.Should().NotThrow("the classifier reads the header's text; it never reads the payload");
    }

    [TestCase(0x18)]
    [TestCase(0x01)]
    [TestCase(0x1F)]
    public void A_control_character_in_the_input_is_quoted_so_the_error_fits_in_a_fault(int control)
    {
        // The XML parser's message names the bad character itself; the service sends the message back in a fault.
        var xml = Application(Rm2005, "1").Replace("IJournal/Post", "IJournal/Post" + (char)control, StringComparison.Ordinal);

        var error = ((Func<object>)(() => SoapMessageReader.Read(xml))).Should().Throw<WireProtocolException>().Which;

        var verify = () => System.Xml.XmlConvert.VerifyXmlChars(error.Message + error.Detail);
        verify.Should().NotThrow("every character of the error can be written into a SOAP fault");
        error.Message.Should().Contain($"\\u{control:X4}");
    }

    /// <summary>
    /// Characters XML 1.0 forbids, raw or as character references, and bytes that are not UTF-8, in every part of a
    /// message the reader takes text from: element text read eagerly (headers), text loaded as a subtree (bodies and
    /// unknown headers) and attribute values. Byte arrays, because invalid UTF-8 has no string form.
    /// </summary>
    public static IEnumerable<TestCaseData> IllegalCharacters()
    {
        static TestCaseData Case(string name, byte[] bytes) => new TestCaseData(bytes).SetArgDisplayNames(name);
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        static byte[] Splice(string xml, string marker, byte[] inserted)
        {
            var at = xml.IndexOf(marker, StringComparison.Ordinal);
            return [.. Utf8(xml[..at]), .. inserted, .. Utf8(xml[(at + marker.Length)..])];
        }

        var post = Application(Rm2005, "1");
        var withUnknownHeader = post.Replace("</s:Header>", "<x:Hint xmlns:x=\"urn:other\" x:note=\"n\">h</x:Hint></s:Header>", StringComparison.Ordinal);
        yield return Case("raw 0x01 in the payload", Splice(post, "m1", [(byte)'m', 0x01, (byte)'1']));
        yield return Case("raw 0x01 in the Identifier header", Splice(post, "urn:uuid:seq", [.. Utf8("urn:uuid:"), 0x01, .. Utf8("seq")]));
        yield return Case("raw 0x01 in an unknown header", Splice(withUnknownHeader, ">h<", [(byte)'>', 0x01, (byte)'<']));
        yield return Case("raw 0x01 in an attribute", Splice(withUnknownHeader, "\"n\"", [(byte)'"', 0x01, (byte)'"']));
        yield return Case("raw 0x1F in the payload", Splice(post, "m1", [(byte)'m', 0x1F, (byte)'1']));
        yield return Case("NUL in the payload", Splice(post, "m1", [(byte)'m', 0x00, (byte)'1']));
        yield return Case("&#x1; in the payload", Utf8(post.Replace("m1", "m&#x1;1", StringComparison.Ordinal)));
        yield return Case("&#1; in the Identifier header", Utf8(post.Replace("urn:uuid:seq", "urn:uuid:&#1;seq", StringComparison.Ordinal)));
        yield return Case("&#x1; in an unknown header", Utf8(withUnknownHeader.Replace(">h<", ">&#x1;<", StringComparison.Ordinal)));
        yield return Case("&#x1; in an attribute", Utf8(withUnknownHeader.Replace("\"n\"", "\"&#x1;\"", StringComparison.Ordinal)));
        yield return Case("&#xFFFE; in the payload", Utf8(post.Replace("m1", "&#xFFFE;", StringComparison.Ordinal)));
        yield return Case("&#xD800; (a lone surrogate) in the payload", Utf8(post.Replace("m1", "&#xD800;", StringComparison.Ordinal)));
        yield return Case("&#x110000; (past Unicode) in the payload", Utf8(post.Replace("m1", "&#x110000;", StringComparison.Ordinal)));
        yield return Case("invalid UTF-8 (0xFF) in the payload", Splice(post, "m1", [(byte)'m', 0xFF, (byte)'1']));
        yield return Case("invalid UTF-8 (truncated sequence) in the payload", Splice(post, "m1", [(byte)'m', 0xC3, (byte)'(']));
        yield return Case("invalid UTF-8 (overlong NUL) in the payload", Splice(post, "m1", [(byte)'m', 0xC0, 0x80]));
        yield return Case("invalid UTF-8 (encoded surrogate) in the payload", Splice(post, "m1", [(byte)'m', 0xED, 0xA0, 0x80]));
        yield return Case("invalid UTF-8 in the Identifier header", Splice(post, "urn:uuid:seq", [.. Utf8("urn:uuid:"), 0xFE, .. Utf8("seq")]));
        yield return Case("invalid UTF-8 in an unknown header", Splice(withUnknownHeader, ">h<", [(byte)'>', 0xFF, (byte)'<']));
    }

    [TestCaseSource(nameof(IllegalCharacters))]
    public void An_illegal_character_is_a_MalformedXml_error(byte[] bytes)
    {
        var read = () => SoapMessageReader.Read(bytes);

        var error = read.Should().Throw<WireProtocolException>().Which;
        error.Kind.Should().Be(WireErrorKind.MalformedXml);

        // The description goes back to the sender inside a SOAP fault, so it must itself be writable as XML.
        var verify = () => (XmlConvert.VerifyXmlChars(error.Message), XmlConvert.VerifyXmlChars(error.Detail));
        verify.Should().NotThrow(error.Message);
    }

    [TestCaseSource(nameof(IllegalCharacters))]
    public void The_classifier_never_throws_on_an_illegal_character(byte[] bytes)
    {
        var classify = () => MessageClassifier.Classify(bytes);

        classify.Should().NotThrow();
    }

    [Test]
    public void Errors_name_the_position_in_the_message()
    {
        var xml = Application(Rm2005, "1").Replace("<r:MessageNumber>1", "\n\n   <r:MessageNumber>0", StringComparison.Ordinal);

        var error = ((Func<object>)(() => SoapMessageReader.Read(xml))).Should().Throw<WireProtocolException>().Which;

        error.Line.Should().Be(3);
        error.Column.Should().BeGreaterThan(1);
        error.Message.Should().Contain("line 3");
        error.SequenceIdentifier.Should().Be("urn:uuid:seq");
    }

    [Test]
    public void A_ten_megabyte_body_is_refused_before_parsing()
    {
        var payload = new string('x', 10 * 1024 * 1024);
        var bytes = Encoding.UTF8.GetBytes(Application(Rm2005, "1").Replace("m1", payload, StringComparison.Ordinal));

        var read = () => SoapMessageReader.Read(bytes);

        read.Should().Throw<WireProtocolException>().Which.Kind.Should().Be(WireErrorKind.TooLarge);
        MessageClassifier.Classify(bytes).Error.Should().Contain("limit");
    }

    [Test]
    public void The_size_limit_is_configurable()
    {
        var bytes = Encoding.UTF8.GetBytes(Application(Rm2005, "1"));

        var read = () => SoapMessageReader.Read(bytes, new WireLimits { MaxMessageBytes = 100 });

        read.Should().Throw<WireProtocolException>().Which.Kind.Should().Be(WireErrorKind.TooLarge);
        SoapMessageReader.Read(bytes).Sequence!.MessageNumber.Should().Be(1);
    }

    [Test]
    public void Unknown_mustUnderstand_headers_are_reported_and_others_are_kept()
    {
        var xml = Application(Rm2005, "1").Replace(
            "</s:Header>",
            "<x:Session xmlns:x=\"urn:other\" s:mustUnderstand=\"1\">42</x:Session><x:Hint xmlns:x=\"urn:other\">h</x:Hint>"
            + "<x:ForSomeoneElse xmlns:x=\"urn:other\" s:mustUnderstand=\"1\" s:role=\"urn:some-role\"/></s:Header>",
            StringComparison.Ordinal);

        var message = SoapMessageReader.Read(xml);

        message.OtherHeaders.Select(h => h.Name.LocalName).Should().Equal("Session", "Hint", "ForSomeoneElse");
        message.NotUnderstoodHeaders.Should().ContainSingle().Which.Name.LocalName.Should().Be("Session");
    }

    [Test]
    public void Whitespace_and_comments_between_elements_are_tolerated_but_payload_whitespace_is_kept()
    {
        var xml = Application(Rm2005, "1")
            .Replace("<s:Header>", "<s:Header>\n  <!-- note -->\n  ", StringComparison.Ordinal)
            .Replace("<payload>m1</payload>", "<payload>  </payload>", StringComparison.Ordinal);

        var message = SoapMessageReader.Read(xml);

        ((ApplicationBody)message.Body).FirstElement!.Elements().Last().Value.Should().Be("  ");
    }

    private static string Envelope(string rm, string headers, string body) =>
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://www.w3.org/2005/08/addressing\" "
        + $"xmlns:r=\"{rm}\"><s:Header>{headers}</s:Header><s:Body>{body}</s:Body></s:Envelope>";

    private static string Application(string rm, string messageNumber) => Envelope(
        rm,
        $"<r:Sequence s:mustUnderstand=\"1\"><r:Identifier>urn:uuid:seq</r:Identifier><r:MessageNumber>{messageNumber}</r:MessageNumber></r:Sequence>"
        + "<a:Action s:mustUnderstand=\"1\">http://harness.example/reliable/IJournal/Post</a:Action>",
        "<Post xmlns=\"http://harness.example/reliable\"><sequence>1</sequence><payload>m1</payload></Post>");

    private static string Ack(string rm, string content) => Envelope(
        rm,
        $"<r:SequenceAcknowledgement><r:Identifier>urn:uuid:seq</r:Identifier>{content}</r:SequenceAcknowledgement>"
        + $"<a:Action s:mustUnderstand=\"1\">{rm}/SequenceAcknowledgement</a:Action>",
        string.Empty);

    private static string CreateSequence(string rm) => Envelope(
        rm,
        $"<a:Action s:mustUnderstand=\"1\">{rm}/CreateSequence</a:Action><a:MessageID>urn:uuid:m</a:MessageID>",
        "<r:CreateSequence><r:AcksTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></r:AcksTo></r:CreateSequence>");

    private static string BillionLaughs()
    {
        var entities = new StringBuilder("<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat(i == 1 ? "&lol;" : $"&lol{i - 1};", 10))}\">");
        }

        return $"<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [{entities}]>"
            + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><x>&lol9;</x></s:Body></s:Envelope>";
    }
}

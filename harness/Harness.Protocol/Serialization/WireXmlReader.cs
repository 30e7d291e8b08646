using System.Globalization;
using System.Runtime.InteropServices;
using System.Xml;
using System.Xml.Linq;
using Harness.Protocol.Soap;

namespace Harness.Protocol.Serialization;

/// <summary>
/// An <see cref="XmlReader"/> with the harness's safety settings and the small helpers every parser here needs:
/// bounded depth, positions in errors, and typed errors instead of <see cref="XmlException"/>.
/// </summary>
/// <remarks>
/// <see cref="XmlReader"/> decodes and checks text lazily: an invalid UTF-8 byte or a character XML forbids may
/// surface only when a value or an attribute is fetched, not on <see cref="XmlReader.Read"/>. So every call into the
/// underlying reader that can reach unread input goes through a helper here that translates its
/// <see cref="XmlException"/>; nothing else touches <c>_reader</c>'s values directly.
/// </remarks>
internal sealed class WireXmlReader : IDisposable
{
    private static readonly XmlReaderSettings BaseSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false, // whitespace inside payloads is data
        MaxCharactersFromEntities = 1024,
        CheckCharacters = true,
        CloseInput = true,
    };

    private static readonly XmlReaderSettings DefaultSettings = WithCharacterLimit(WireLimits.Default.MaxMessageBytes);

    private readonly XmlReader _reader;
    private readonly IXmlLineInfo? _lineInfo;
    private readonly int _maxDepth;

    private WireXmlReader(XmlReader reader, int maxDepth)
    {
        _reader = reader;
        _lineInfo = reader as IXmlLineInfo;
        _maxDepth = maxDepth;
    }

    public XmlReader Reader => _reader;

    public static WireXmlReader Create(ReadOnlyMemory<byte> utf8, WireLimits limits)
    {
        if (utf8.Length > limits.MaxMessageBytes)
        {
            throw new WireProtocolException(
                WireErrorKind.TooLarge,
                string.Create(CultureInfo.InvariantCulture, $"the message is {utf8.Length} bytes; the limit is {limits.MaxMessageBytes}"));
        }

        var stream = MemoryMarshal.TryGetArray(utf8, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(utf8.ToArray(), writable: false);
        return new WireXmlReader(XmlReader.Create(stream, SettingsFor(limits)), limits.MaxDepth);
    }

    // Settings are cached for the default limits: cloning them on every message would cost an allocation per read.
    private static XmlReaderSettings SettingsFor(WireLimits limits) =>
        limits.MaxMessageBytes == WireLimits.Default.MaxMessageBytes ? DefaultSettings : WithCharacterLimit(limits.MaxMessageBytes);

    private static XmlReaderSettings WithCharacterLimit(int maxCharacters)
    {
        var settings = BaseSettings.Clone();
        settings.MaxCharactersInDocument = maxCharacters;
        return settings;
    }

    public static WireXmlReader Create(XElement element, int maxDepth) => new(element.CreateReader(), maxDepth);

    public XmlNodeType NodeType => _reader.NodeType;

    public string LocalName => _reader.LocalName;

    public string NamespaceUri => _reader.NamespaceURI;

    public int Depth => _reader.Depth;

    public bool IsEmptyElement => _reader.IsEmptyElement;

    public bool IsStartElement(string localName, string ns) =>
        _reader.NodeType == XmlNodeType.Element && _reader.LocalName == localName && _reader.NamespaceURI == ns;

    public WireProtocolException Error(WireErrorKind kind, string message, string? sequenceIdentifier = null) =>
        new(kind, message, _lineInfo?.LineNumber ?? 0, _lineInfo?.LinePosition ?? 0) { SequenceIdentifier = sequenceIdentifier };

    /// <summary>Reads the next node, translating XML errors and enforcing the depth limit.</summary>
    public bool Read()
    {
        bool more;
        try
        {
            more = _reader.Read();
        }
        catch (XmlException ex)
        {
            throw Translate(ex);
        }

        if (_reader.Depth > _maxDepth)
        {
            throw Error(WireErrorKind.TooDeep, string.Create(CultureInfo.InvariantCulture, $"elements are nested deeper than {_maxDepth} levels"));
        }

        return more;
    }

    /// <summary>Moves to the next element or end tag, skipping whitespace. Text there is an error.</summary>
    public XmlNodeType MoveToContent()
    {
        while (true)
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Element:
                case XmlNodeType.EndElement:
                    return _reader.NodeType;
                case XmlNodeType.None:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                case XmlNodeType.XmlDeclaration:
                case XmlNodeType.Comment:
                case XmlNodeType.ProcessingInstruction:
                    if (!Read())
                    {
                        return XmlNodeType.None;
                    }

                    break;
                case XmlNodeType.DocumentType:
                    throw Error(WireErrorKind.DtdProhibited, "a DTD is not allowed in a SOAP message");
                default:
                    throw Error(WireErrorKind.InvalidEnvelope, $"unexpected {_reader.NodeType} where an element was expected");
            }
        }
    }

    /// <summary>Enters an element; returns false when it is empty (the reader is then past it).</summary>
    public bool EnterElement()
    {
        var empty = _reader.IsEmptyElement;
        Read();
        return !empty;
    }

    /// <summary>Consumes the end tag of the element being read.</summary>
    public void LeaveElement()
    {
        if (MoveToContent() != XmlNodeType.EndElement)
        {
            throw Error(WireErrorKind.InvalidContent, $"unexpected element '{_reader.LocalName}'");
        }

        Read();
    }

    /// <summary>Skips the current element and its subtree, still bounded by the depth limit.</summary>
    public void Skip()
    {
        if (_reader.NodeType != XmlNodeType.Element || _reader.IsEmptyElement)
        {
            Read();
            return;
        }

        var depth = _reader.Depth;
        while (Read())
        {
            if (_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth)
            {
                Read();
                return;
            }
        }

        throw Error(WireErrorKind.MalformedXml, "the message ends inside an element");
    }

    public string? GetAttribute(string localName, string ns = "")
    {
        try
        {
            return _reader.GetAttribute(localName, ns);
        }
        catch (XmlException ex)
        {
            throw Translate(ex);
        }
    }

    /// <summary>Reads the text content of a simple element and moves past it.</summary>
    public string ReadElementText()
    {
        var name = _reader.LocalName;
        if (_reader.IsEmptyElement)
        {
            Read();
            return string.Empty;
        }

        Read();
        string? text = null;
        while (_reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
        {
            text = text is null ? CurrentValue() : text + CurrentValue();
            Read();
        }

        if (_reader.NodeType != XmlNodeType.EndElement)
        {
            throw Error(WireErrorKind.InvalidContent, $"'{name}' must hold text only");
        }

        Read();
        return text ?? string.Empty;
    }

    /// <summary>Reads a QName-valued element (e.g. a fault code), resolving its prefix where it is in scope.</summary>
    public XmlQualifiedName ReadElementQualifiedName()
    {
        var name = _reader.LocalName;
        try
        {
            return (XmlQualifiedName)_reader.ReadElementContentAs(typeof(XmlQualifiedName), (IXmlNamespaceResolver)_reader);
        }
        catch (Exception ex) when (ex is XmlException or FormatException or InvalidCastException)
        {
            throw Error(WireErrorKind.InvalidContent, $"'{name}' must hold a qualified name whose prefix is declared");
        }
    }

    /// <summary>Loads the current element and its subtree as an <see cref="XElement"/>, within the depth limit.</summary>
    public XElement LoadElement()
    {
        var root = CreateElementFromCurrent();
        if (_reader.IsEmptyElement)
        {
            Read();
            return root;
        }

        var startDepth = _reader.Depth;
        var current = root;
        while (Read())
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Element:
                    var child = CreateElementFromCurrent();
                    current.Add(child);
                    if (!_reader.IsEmptyElement)
                    {
                        current = child;
                    }

                    break;
                case XmlNodeType.EndElement:
                    if (_reader.Depth == startDepth)
                    {
                        Read();
                        return root;
                    }

                    current = current.Parent!;
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    current.Add(new XText(CurrentValue()));
                    break;
                case XmlNodeType.CDATA:
                    current.Add(new XCData(CurrentValue()));
                    break;
                case XmlNodeType.DocumentType:
                    throw Error(WireErrorKind.DtdProhibited, "a DTD is not allowed in a SOAP message");
            }
        }

        throw Error(WireErrorKind.MalformedXml, "the message ends inside an element");
    }

    public void Dispose() => _reader.Dispose();

    private XElement CreateElementFromCurrent()
    {
        var element = new XElement(XName.Get(_reader.LocalName, _reader.NamespaceURI));
        try
        {
            if (_reader.MoveToFirstAttribute())
            {
                do
                {
                    if (_reader.NamespaceURI == XNamespace.Xmlns.NamespaceName)
                    {
                        var prefix = _reader.Prefix.Length == 0 ? "xmlns" : _reader.LocalName;
                        element.Add(prefix == "xmlns"
                            ? new XAttribute("xmlns", _reader.Value)
                            : new XAttribute(XNamespace.Xmlns + prefix, _reader.Value));
                    }
                    else
                    {
                        element.Add(new XAttribute(XName.Get(_reader.LocalName, _reader.NamespaceURI), _reader.Value));
                    }
                }
                while (_reader.MoveToNextAttribute());

                _reader.MoveToElement();
            }
        }
        catch (XmlException ex)
        {
            throw Translate(ex);
        }

        return element;
    }

    /// <summary>The current node's value; fetching it may decode and check input not read before.</summary>
    private string CurrentValue()
    {
        try
        {
            return _reader.Value;
        }
        catch (XmlException ex)
        {
            throw Translate(ex);
        }
    }

    private WireProtocolException Translate(XmlException ex)
    {
        var kind = ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) ? WireErrorKind.DtdProhibited : WireErrorKind.MalformedXml;
        var text = kind == WireErrorKind.DtdProhibited ? "a DTD is not allowed in a SOAP message" : "the message is not well-formed XML: " + ex.Message;
        return new WireProtocolException(kind, text, ex.LineNumber, ex.LinePosition, ex);
    }
}

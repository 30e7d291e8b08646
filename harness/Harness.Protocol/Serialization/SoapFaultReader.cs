using System.Xml;
using System.Xml.Linq;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>Reads a SOAP 1.1 or 1.2 Fault element into <see cref="SoapFault"/>.</summary>
internal static class SoapFaultReader
{
    public static SoapFault Read(WireXmlReader reader, SoapVersion soap) =>
        soap == SoapVersion.Soap12 ? Read12(reader, soap) : Read11(reader, soap);

    private static SoapFault Read12(WireXmlReader reader, SoapVersion soap)
    {
        XmlQualifiedName? code = null, subcode = null;
        var reason = string.Empty;
        var detail = new List<XElement>();
        ForEachChild(reader, soap, "Fault", child =>
        {
            switch (child)
            {
                case "Code":
                    ForEachChild(reader, soap, "Code", codeChild =>
                    {
                        if (codeChild == "Value")
                        {
                            code = reader.ReadElementQualifiedName();
                        }
                        else if (codeChild == "Subcode")
                        {
                            // Only the first subcode level matters to WS-RM; deeper ones are skipped.
                            ForEachChild(reader, soap, "Subcode", subChild =>
                            {
                                if (subChild == "Value" && subcode is null)
                                {
                                    subcode = reader.ReadElementQualifiedName();
                                }
                                else
                                {
                                    reader.Skip();
                                }
                            });
                        }
                        else
                        {
                            reader.Skip();
                        }
                    });
                    break;
                case "Reason":
                    // Several Text elements may exist (one per language); the first is kept.
                    var first = true;
                    ForEachChild(reader, soap, "Reason", textChild =>
                    {
                        if (textChild == "Text" && first)
                        {
                            reason = reader.ReadElementText();
                            first = false;
                        }
                        else
                        {
                            reader.Skip();
                        }
                    });
                    break;
                case "Detail":
                    ReadDetail(reader, detail);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        });

        return new SoapFault(ToCode(code ?? throw reader.Error(WireErrorKind.InvalidContent, "the Fault lacks its Code"), soap, reader), reason)
        {
            Subcode = subcode,
            Detail = detail,
        };
    }

    private static SoapFault Read11(WireXmlReader reader, SoapVersion soap)
    {
        XmlQualifiedName? faultCode = null;
        var reason = string.Empty;
        var detail = new List<XElement>();

        // SOAP 1.1's fault children are unqualified.
        if (reader.EnterElement())
        {
            while (reader.MoveToContent() == XmlNodeType.Element)
            {
                switch (reader.NamespaceUri.Length == 0 ? reader.LocalName : string.Empty)
                {
                    case "faultcode":
                        faultCode = reader.ReadElementQualifiedName();
                        break;
                    case "faultstring":
                        reason = reader.ReadElementText();
                        break;
                    case "detail":
                        ReadDetail(reader, detail);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            reader.LeaveElement();
        }

        if (faultCode is null)
        {
            throw reader.Error(WireErrorKind.InvalidContent, "the Fault lacks its faultcode");
        }

        // A faultcode outside the envelope namespace (e.g. wsrm:CreateSequenceRefused) is a sender fault with that subcode.
        return faultCode.Namespace == soap.EnvelopeNamespace
            ? new SoapFault(ToCode(faultCode, soap, reader), reason) { Detail = detail }
            : new SoapFault(SoapFaultCode.Sender, reason) { Subcode = faultCode, Detail = detail };
    }

    private static SoapFaultCode ToCode(XmlQualifiedName code, SoapVersion soap, WireXmlReader reader)
    {
        if (code.Namespace != soap.EnvelopeNamespace)
        {
            throw reader.Error(WireErrorKind.InvalidContent, $"fault code '{code}' is not a {soap.Name} code");
        }

        if (code.Name == soap.SenderCodeName)
        {
            return SoapFaultCode.Sender;
        }

        if (code.Name == soap.ReceiverCodeName)
        {
            return SoapFaultCode.Receiver;
        }

        return code.Name switch
        {
            "MustUnderstand" => SoapFaultCode.MustUnderstand,
            "VersionMismatch" => SoapFaultCode.VersionMismatch,
            "DataEncodingUnknown" => SoapFaultCode.DataEncodingUnknown,
            _ => throw reader.Error(WireErrorKind.InvalidContent, $"fault code '{code.Name}' is not a {soap.Name} code"),
        };
    }

    private static void ReadDetail(WireXmlReader reader, List<XElement> detail)
    {
        if (!reader.EnterElement())
        {
            return;
        }

        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            detail.Add(reader.LoadElement());
        }

        reader.LeaveElement();
    }

    private static void ForEachChild(WireXmlReader reader, SoapVersion soap, string parent, Action<string> readChild)
    {
        if (!reader.EnterElement())
        {
            return;
        }

        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            if (reader.NamespaceUri == soap.EnvelopeNamespace)
            {
                readChild(reader.LocalName);
            }
            else
            {
                throw reader.Error(WireErrorKind.InvalidContent, $"'{reader.LocalName}' is not allowed in the fault's '{parent}'");
            }
        }

        reader.LeaveElement();
    }
}

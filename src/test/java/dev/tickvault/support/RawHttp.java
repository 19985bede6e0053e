package dev.tickvault.support;

import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Requests written byte for byte on a socket, for what an HTTP client library would normalise or refuse
 * to send (dot segments, double slashes, stalled bodies, odd methods): the test sees exactly the answer a
 * raw client gets, and whether the server closed the connection.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** What came back: the status, the head and body as text, and whether the server closed the connection. */
    public record Answer(int status, String head, String body, boolean closed) {

        /** A response header's value, case-insensitive, or {@code null}. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** Sends {@code request} (ISO-8859-1) to the test server and reads one answer, waiting at most {@code waitMillis}. */
    public static Answer send(String request, int waitMillis) {
        return send(request.getBytes(StandardCharsets.ISO_8859_1), waitMillis);
    }

    /** Sends raw bytes and reads one answer, waiting at most {@code waitMillis} for each read. */
    public static Answer send(byte[] request, int waitMillis) {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(waitMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET of {@code target} exactly as written, with optional extra header lines. */
    public static Answer get(String target, String... headers) {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return send(request.append("Connection: close\r\n\r\n").toString(), 10_000);
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean closed = false;
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        long contentLength = -1;
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    closed = true;
                    break;
                }
                bytes.write(buffer, 0, n);
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0) {
                    headEnd = text.indexOf("\r\n\r\n");
                    if (headEnd >= 0) {
                        contentLength = contentLength(text.substring(0, headEnd));
                    }
                }
                if (headEnd >= 0 && contentLength >= 0 && bytes.size() >= headEnd + 4 + contentLength) {
                    // Whole answer read: see whether the server closes the connection behind it.
                    closed = closedSoon(in);
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            closed = false;
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
            return new Answer(0, "", "", closed);
        }
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] statusLine = head.split(" ", 3);
        return new Answer(Integer.parseInt(statusLine[1]), head, body, closed);
    }

    private static boolean closedSoon(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return -1;
    }
}

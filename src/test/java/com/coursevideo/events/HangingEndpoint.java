package com.coursevideo.events;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint that accepts connections and never answers: a real local server that reads nothing
 * and sends nothing. Counts the connections open at once (the most ever, too): the service closes
 * its side when its timeout runs out.
 */
final class HangingEndpoint implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final Thread acceptor;

    HangingEndpoint() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "hanging-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.add(socket);
                mostAtOnce.accumulateAndGet(open(), Math::max);
            } catch (IOException closed) {
                return;
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/never-answers";
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.size();
    }

    /** Connections the service holds open now (a read that sees the end of the stream tells one it closed). */
    synchronized int open() {
        int open = 0;
        for (Socket socket : accepted) {
            if (!closedByPeer(socket)) {
                open++;
            }
        }
        return open;
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }

    private static boolean closedByPeer(Socket socket) {
        try {
            socket.setSoTimeout(1);
            var in = socket.getInputStream();
            while (true) {
                int read = in.read(new byte[8192]);
                if (read < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}

package dev.causality.bench;

import io.vertx.core.Vertx;

/**
 * The HTTP ceiling: a bare Vert.x server that reads the whole body and answers 200, nothing else.
 * Run as its own process, like Causality, with the port as the only argument.
 */
public final class BareVertxServer {

    private BareVertxServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body ->
                        request.response().setStatusCode(200).putHeader("Content-Type", "application/x-protobuf")
                                .end()))
                .listen(port, "127.0.0.1")
                .onSuccess(server -> System.out.println("bare vert.x listening on " + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}

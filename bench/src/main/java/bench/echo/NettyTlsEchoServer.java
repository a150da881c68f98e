package bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import javax.net.ssl.KeyManagerFactory;

/**
 * Netty 4.2 TLS echo server on the JDK's SSLEngine (SunJSSE), NIO transport, one event loop: the
 * peer of Spindle's TLS echo (BouncyCastle's engine on the JDK's ciphers).
 */
public final class NettyTlsEchoServer {

    private NettyTlsEchoServer() {}

    /**
     * Listens on 127.0.0.1 with TLS, announces the port and echoes until killed.
     *
     * @param args the PKCS#12 key store, its password, then optionally the port
     * @throws Exception if the key store cannot be read, or binding fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: NettyTlsEchoServer KEYSTORE.p12 PASSWORD [port]");
        }
        char[] password = args[1].toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(TlsKeys.load(Path.of(args[0]), password), password);
        SslContext tls = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).build();
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, ServerMain.BACKLOG)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(tls.newHandler(channel.alloc()), new NettyEchoHandler());
                        }
                    })
                    .bind("127.0.0.1", port)
                    .sync()
                    .channel();
            ServerMain.announce(((InetSocketAddress) server.localAddress()).getPort());
            server.closeFuture().sync();
        } finally {
            loop.shutdownGracefully();
        }
    }
}

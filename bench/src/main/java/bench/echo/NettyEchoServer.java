package bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/**
 * Netty 4.2 echo server with one event loop that both accepts and serves every connection: the
 * same threading model as a reactor. The transport is NIO or native epoll.
 */
public final class NettyEchoServer {

    private NettyEchoServer() {}

    /**
     * Listens on 127.0.0.1, announces the port on standard output and echoes until killed.
     *
     * @param args {@code nio} or {@code epoll}, then optionally the port
     * @throws InterruptedException if interrupted while binding or serving
     */
    public static void main(String[] args) throws InterruptedException {
        boolean epoll = switch (args.length > 0 ? args[0] : "") {
            case "nio" -> false;
            case "epoll" -> true;
            default -> throw new IllegalArgumentException("usage: NettyEchoServer nio|epoll [port]");
        };
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (epoll) {
            Epoll.ensureAvailability();
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, io);
        try {
            Channel server = new ServerBootstrap()
                    .group(loop)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, ServerMain.BACKLOG)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new NettyEchoHandler())
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

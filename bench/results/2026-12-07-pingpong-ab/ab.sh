#!/bin/bash
# A/B: ping-pong per server CPU-second, old main (aafca22) vs new main, same load generator.
export PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
NEW=/work/main; OLD=/work/wt/old
cpn="$NEW/bench/target/classes:$(cat $NEW/bench/target/classpath.txt)"
cpo="$OLD/bench/target/classes:$(cat $OLD/bench/target/classpath.txt)"
FLAGS="-XX:+UseSerialGC -Xms256m -Xmx256m -Xmn64m -XX:+AlwaysPreTouch"
uptime
for rep in 1 2 3; do
 for conns in 1 100 1000; do
  for srv in old:bench.echo.SpindleEchoServer new:bench.echo.SpindleEchoServer new:bench.echo.SpindleByteArrayEchoServer; do
    tree=${srv%%:*}; cls=${srv#*:}
    cp=$cpn; [ $tree = old ] && cp=$cpo
    taskset -c 1 java $FLAGS -cp "$cp" $cls 0 > /tmp/ab-srv.out 2>&1 &
    pid=$!
    for i in $(seq 50); do grep -q LISTENING /tmp/ab-srv.out && break; sleep 0.1; done
    port=$(grep LISTENING /tmp/ab-srv.out | awk '{print $2}')
    r=$(taskset -c 0 java -cp "$cpn" bench.load.LoadGenerator --workload pingpong --connections $conns --warmup 2 --duration 5 --port $port --server-pid $pid 2>/dev/null | grep RESULT)
    echo "rep=$rep conns=$conns $tree ${cls##*.} $r"
    kill $pid; wait $pid 2>/dev/null
  done
 done
done
uptime

// Drives livekit-server-sdk's RoomServiceClient, so the RoomService stand-in records what LiveKit's
// own SDK sends. Not a *.test.mjs: tests/Infrastructure.IntegrationTests/LiveKit/
// RoomServiceParityTests.cs runs it with LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET and the
// calls as a JSON array in AGENTSGT_ROOMSERVICE_CALLS, e.g.
// [{"method":"sendData","room":"r","data":"<base64>","topic":"t","destinationIdentities":["v"]}],
// then compares the service's requests for the same calls. Prints one JSON array of outcomes.
import { DataPacket_Kind, RoomServiceClient } from 'livekit-server-sdk';

const client = new RoomServiceClient(
  process.env.LIVEKIT_URL,
  process.env.LIVEKIT_API_KEY,
  process.env.LIVEKIT_API_SECRET,
);
const calls = JSON.parse(process.env.AGENTSGT_ROOMSERVICE_CALLS ?? '[]');

async function run(call) {
  switch (call.method) {
    case 'listRooms':
      return (await client.listRooms()).map((r) => ({ name: r.name, sid: r.sid, numParticipants: r.numParticipants }));
    case 'listParticipants':
      return (await client.listParticipants(call.room)).map((p) => ({
        identity: p.identity,
        sid: p.sid,
        attributes: p.attributes,
        joinedAt: Number(p.joinedAt),
      }));
    case 'deleteRoom':
      return client.deleteRoom(call.room);
    case 'removeParticipant':
      return client.removeParticipant(call.room, call.identity);
    case 'sendData':
      // The service sends reliable messages, to some identities or (none listed) to the whole room.
      return client.sendData(call.room, Buffer.from(call.data, 'base64'), DataPacket_Kind.RELIABLE, {
        topic: call.topic,
        destinationIdentities: call.destinationIdentities,
      });
    default:
      throw new Error(`unknown call ${call.method}`);
  }
}

const outcomes = [];
for (const call of calls) {
  try {
    outcomes.push({ method: call.method, ok: true, result: (await run(call)) ?? null });
  } catch (error) {
    outcomes.push({ method: call.method, ok: false, status: error.status ?? 0, code: error.code ?? String(error) });
  }
}

console.log(JSON.stringify(outcomes));

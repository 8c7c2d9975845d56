// Which classes implement an interface, read from a file's text: the declarations the binder uses
// to find what may stand behind a service injected through an interface.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { implementedInterfaces } from '../../server/src/workspace/implementers';

describe('implemented interfaces', () => {
  it('reads plain, generic, extending and several-interface declarations', () => {
    const text = `
export class GoogleChatAdapter implements ChatAdapter {}
class Repo<T extends { id: string }> implements Store<T>, Disposable { }
export default class Fake extends Base<Options> implements ports.ChatAdapter {
}
class Plain extends Base {}
// class InComment implements Nothing
`;
    assert.deepEqual(implementedInterfaces(text), [
      { className: 'GoogleChatAdapter', interfaces: ['ChatAdapter'] },
      { className: 'Repo', interfaces: ['Store', 'Disposable'] },
      { className: 'Fake', interfaces: ['ChatAdapter'] },
    ]);
  });

  it('reads nothing from a file without the word', () => {
    assert.deepEqual(implementedInterfaces('class A extends B {}'), []);
  });
});

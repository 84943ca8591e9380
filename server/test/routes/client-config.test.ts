import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store';
import { useTestApp } from '../use-test-app';

describe('client-config with PUBLIC_BASE_URL', () => {
  const setup = useTestApp(() => new MemoryStore(), { config: { publicBaseUrl: 'https://rumbo.example' } });

  it('names the origin readers reach, for the links the dashboard gives to copy', async () => {
    const answer = await setup.app.inject({ method: 'GET', url: '/api/v1/client-config' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ basemapStyleUrl: null, publicLive: false, publicBaseUrl: 'https://rumbo.example' });
  });
});

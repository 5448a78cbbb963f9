import 'reflect-metadata';
import { runService } from '@lcm/neuro-core';
import { labManagerService } from './service';

void runService(labManagerService);
